"""Both decoder variants export to the contract; fp16 keeps the router in fp32; hashes match."""
import hashlib
import json
import os
import tempfile
import unittest

import onnx
from onnx import TensorProto

from support import TINY_FIXTURE, small_model

from medmoe_ref import synthetic
from medmoe_ref.onnx_export import export_model
from medmoe_ref.tokenizer import word_level_tokenizer_json


def write_tokenizer(directory):
    path = os.path.join(directory, "source-tokenizer.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(word_level_tokenizer_json(synthetic.vocabulary(), "<unk>", ["<|endoftext|>", "<unk>"]), f)
    return path


def io(graph_path):
    model = onnx.load(graph_path)
    def describe(values):
        return {v.name: (v.type.tensor_type.elem_type,
                         [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]) for v in values}
    return model, describe(model.graph.input), describe(model.graph.output)


class ExportTest(unittest.TestCase):
    def export(self, variant, fp16=False, top_k=1, **options):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        model = small_model(variant, top_k=top_k)
        doc = export_model(model, write_tokenizer(tmp.name), tmp.name, fp16=fp16, **options)
        return model, doc, tmp.name

    def check_contract(self, variant):
        model, doc, out = self.export(variant)
        cfg = model.cfg
        for name in ("vision_encoder.onnx", "embed_tokens.onnx", "decoder_model_merged.onnx"):
            onnx.checker.check_model(os.path.join(out, name))
        _, vin, vout = io(os.path.join(out, "vision_encoder.onnx"))
        self.assertEqual(vin, {"pixel_values": (TensorProto.FLOAT, ["batch", 3, 64, 64])})
        self.assertEqual(vout, {"image_features": (TensorProto.FLOAT, ["batch", 64, 64])})
        _, ein, eout = io(os.path.join(out, "embed_tokens.onnx"))
        self.assertEqual(ein, {"input_ids": (TensorProto.INT64, ["batch", "sequence"])})
        self.assertEqual(eout["inputs_embeds"][0], TensorProto.FLOAT)
        _, din, dout = io(os.path.join(out, "decoder_model_merged.onnx"))
        expected_in = ["inputs_embeds", "attention_mask", "position_ids"] + [
            f"past_key_values.{i}.{k}" for i in range(4) for k in ("key", "value")]
        self.assertEqual(list(din), expected_in)
        self.assertEqual(din["attention_mask"], (TensorProto.INT64, ["batch", "total_sequence"]))
        self.assertEqual(din["past_key_values.3.value"], (TensorProto.FLOAT, ["batch", 4, "past_sequence", 16]))
        expected_out = ["logits"] + [f"present.{i}.{k}" for i in range(4) for k in ("key", "value")] + [
            "router_logits.0", "router_logits.1"]
        self.assertEqual(list(dout), expected_out)
        self.assertEqual(dout["router_logits.1"], (TensorProto.FLOAT, ["batch", "sequence", 4]))
        self.assertEqual(doc["variant"], variant)
        self.assertEqual(doc["moe"], {"layers": [0, 2], "numExperts": 4, "topK": 1,
                                      "routerLabels": ["CT", "MRI", "PATHOLOGY", "XRAY"]})
        self.assertEqual(doc["decoder"]["vocabSize"], cfg.decoder.vocab_size)
        self.assertEqual(doc["image"]["numImageTokens"], 64)

    def test_phi2_exports_to_the_contract(self):
        self.check_contract("phi2")

    def test_stablelm_exports_to_the_contract(self):
        self.check_contract("stablelm")

    def op_counts(self, out):
        graph = onnx.load(os.path.join(out, "decoder_model_merged.onnx"))
        counts = {}
        for node in graph.graph.node:
            counts[node.op_type] = counts.get(node.op_type, 0) + 1
        return counts

    def test_default_export_runs_only_the_routed_experts(self):
        model, _, out = self.export("stablelm")
        self.assertEqual([m.compute for m in model.modules() if hasattr(m, "compute")], ["dense", "dense"],
                         "the export must leave the model's own setting as it was")
        counts = self.op_counts(out)
        gathered = 2 * 4  # per MoE layer, one NonZero and one ScatterND per routed expert
        self.assertEqual(counts.get("NonZero"), gathered)
        self.assertEqual(counts.get("ScatterND"), gathered)

    def test_dense_export_has_no_data_dependent_shapes(self):
        _, _, out = self.export("phi2", moe_compute="dense")
        counts = self.op_counts(out)
        self.assertNotIn("NonZero", counts)
        self.assertNotIn("ScatterND", counts)

    def test_manifest_hashes_and_sizes_match_the_files(self):
        _, doc, out = self.export("phi2")
        self.assertEqual(set(doc["files"]), {"vision_encoder.onnx", "embed_tokens.onnx",
                                             "decoder_model_merged.onnx", "tokenizer.json"})
        for name, entry in doc["files"].items():
            with open(os.path.join(out, name), "rb") as f:
                data = f.read()
            self.assertEqual(entry["sha256"], hashlib.sha256(data).hexdigest(), name)
            self.assertEqual(entry["bytes"], len(data), name)
        with open(os.path.join(out, "model.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f), doc)

    def test_fp16_export_keeps_router_and_boundary_in_fp32(self):
        _, doc, out = self.export("stablelm", fp16=True, top_k=2)
        self.assertEqual(doc["dtype"], "float16")
        graph = onnx.load(os.path.join(out, "decoder_model_merged.onnx"))
        onnx.checker.check_model(graph)
        inits = {t.name: t for t in graph.graph.initializer}
        gate_nodes = [n for n in graph.graph.node if "/gate/" in n.name]
        self.assertTrue(gate_nodes)
        for node in gate_nodes:
            for name in node.input:
                if name in inits:
                    self.assertEqual(inits[name].data_type, TensorProto.FLOAT, f"{node.name} uses {name}")
        softmax_inputs = {n.input[0] for n in gate_nodes if n.op_type == "Softmax"}
        self.assertEqual(softmax_inputs, {"router_logits.0", "router_logits.1"})
        other = [t for t in inits.values() if t.data_type == TensorProto.FLOAT16]
        self.assertGreater(sum(t.ByteSize() for t in other), sum(t.ByteSize() for t in inits.values()) * 0.9)
        for value in list(graph.graph.input) + list(graph.graph.output):
            if value.name not in ("attention_mask", "position_ids"):
                self.assertEqual(value.type.tensor_type.elem_type, TensorProto.FLOAT, value.name)
        vision = onnx.load(os.path.join(out, "vision_encoder.onnx"))
        self.assertTrue(any(t.data_type == TensorProto.FLOAT16 for t in vision.graph.initializer))

    def test_external_data_is_one_file_listed_in_the_manifest(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        doc = export_model(small_model("stablelm"), write_tokenizer(tmp.name), tmp.name, external_data=True)
        self.assertIn("decoder_model_merged.onnx_data", doc["files"])
        graph = onnx.load(os.path.join(tmp.name, "decoder_model_merged.onnx"), load_external_data=False)
        locations = {entry.value for t in graph.graph.initializer for entry in t.external_data
                     if entry.key == "location"}
        self.assertEqual(locations, {"decoder_model_merged.onnx_data"})
        onnx.checker.check_model(os.path.join(tmp.name, "decoder_model_merged.onnx"))

    def test_committed_fixture_manifest_matches_its_files(self):
        with open(os.path.join(TINY_FIXTURE, "model.json"), encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["format"], "medmoe-onnx/1")
        for name, entry in doc["files"].items():
            with open(os.path.join(TINY_FIXTURE, name), "rb") as f:
                self.assertEqual(entry["sha256"], hashlib.sha256(f.read()).hexdigest(), name)


if __name__ == "__main__":
    unittest.main()
