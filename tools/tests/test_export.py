"""The streaming exporter: the graphs' contract for both variants and every dtype, precision islands,
quantized layers, external data and the manifest. (The graphs' numbers are checked against the
PyTorch reference by the Java tests, which run them in ONNX Runtime.)"""
import hashlib
import json
import os
import tempfile
import unittest

import onnx
from onnx import TensorProto

from support import TINY_FIXTURE, small_model

from medmoe_ref import synthetic
from medmoe_ref.graph import ALIGN
from medmoe_ref.onnx_export import FORMAT, estimated_bytes, export_model, options_for
from medmoe_ref.tokenizer import word_level_tokenizer_json


def write_tokenizer(directory):
    path = os.path.join(directory, "source-tokenizer.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(word_level_tokenizer_json(synthetic.vocabulary(), "<unk>", ["<|endoftext|>", "<unk>"]), f)
    return path


def io(graph_path):
    model = onnx.load(graph_path, load_external_data=False)

    def describe(values):
        return {v.name: (v.type.tensor_type.elem_type,
                         [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]) for v in values}
    return model, describe(model.graph.input), describe(model.graph.output)


def op_counts(graph):
    counts = {}
    for node in graph.graph.node:
        counts[node.op_type] = counts.get(node.op_type, 0) + 1
    return counts


class ExportTest(unittest.TestCase):
    def export(self, variant, dtype="float32", top_k=1, use_residual=False, **options):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        model = small_model(variant, top_k=top_k, use_residual=use_residual)
        doc = export_model(model, write_tokenizer(tmp.name), tmp.name, dtype=dtype, **options)
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
        layers = range(4)
        expected_in = ["inputs_embeds", "attention_mask", "position_ids", "prefix_index", "logits_index"] + [
            f"prefix_key_values.{i}.{k}" for i in layers for k in ("key", "value")] + [
            f"past_key_values.{i}.{k}" for i in layers for k in ("key", "value")]
        self.assertEqual(list(din), expected_in)
        self.assertEqual(din["attention_mask"], (TensorProto.INT64, ["batch", "total_sequence"]))
        self.assertEqual(din["logits_index"], (TensorProto.INT64, ["batch", "logits_positions"]))
        self.assertEqual(din["prefix_index"], (TensorProto.INT64, ["batch"]))
        self.assertEqual(din["prefix_key_values.2.key"], (TensorProto.FLOAT, [4, "prefix_batch", "prefix_sequence", 16]))
        self.assertEqual(din["past_key_values.3.value"], (TensorProto.FLOAT, [4, "batch", "past_sequence", 16]))
        expected_out = ["logits"] + [f"present.{i}.{k}" for i in layers for k in ("key", "value")] + [
            "router_logits.0", "router_logits.1"]
        self.assertEqual(list(dout), expected_out)
        self.assertEqual(dout["logits"], (TensorProto.FLOAT, ["batch", "logits_positions", cfg.decoder.vocab_size]))
        self.assertEqual(dout["router_logits.1"], (TensorProto.FLOAT, ["batch", "sequence", 4]))
        self.assertEqual(doc["format"], FORMAT)
        self.assertEqual(doc["variant"], variant)
        self.assertEqual(doc["moe"], {"layers": [0, 2], "numExperts": 4, "topK": 1, "useResidual": False,
                                      "routerLabels": ["CT", "MRI", "PATHOLOGY", "XRAY"], "compute": "sparse"})
        self.assertEqual(doc["decoder"]["vocabSize"], cfg.decoder.vocab_size)
        self.assertEqual(doc["image"]["numImageTokens"], 64)
        self.assertEqual(doc["tokenizer"], {"kind": "tokenizer.json", "files": ["tokenizer.json"],
                                            "size": len(synthetic.vocabulary())})

    def test_phi2_exports_to_the_contract(self):
        self.check_contract("phi2")

    def test_stablelm_exports_to_the_contract(self):
        self.check_contract("stablelm")

    def test_default_export_runs_only_the_routed_experts(self):
        model, _, out = self.export("stablelm")
        self.assertEqual([m.compute for m in model.modules() if hasattr(m, "compute")], ["dense", "dense"],
                         "the export must leave the model's own setting as it was")
        counts = op_counts(onnx.load(os.path.join(out, "decoder_model_merged.onnx")))
        gathered = 2 * 4  # per MoE layer, one NonZero and one ScatterND per routed expert
        self.assertEqual(counts.get("NonZero"), gathered)
        self.assertEqual(counts.get("ScatterND"), gathered)

    def test_dense_export_has_no_data_dependent_shapes(self):
        _, _, out = self.export("phi2", moe_compute="dense")
        counts = op_counts(onnx.load(os.path.join(out, "decoder_model_merged.onnx")))
        self.assertNotIn("NonZero", counts)
        self.assertNotIn("ScatterND", counts)

    def test_residual_moe_adds_a_coefficient_and_a_dense_mlp_per_moe_layer(self):
        _, plain, _ = self.export("phi2", top_k=2)
        _, doc, out = self.export("phi2", top_k=2, use_residual=True)
        self.assertTrue(doc["moe"]["useResidual"])
        graph = onnx.load(os.path.join(out, "decoder_model_merged.onnx"))
        names = {t.name for t in graph.graph.initializer}
        for layer in (0, 2):
            self.assertIn(f"decoder.layers.{layer}.mlp.coefficient.weight", names)
            self.assertIn(f"decoder.layers.{layer}.mlp.residual.fc1.weight", names)
        self.assertNotIn("decoder.layers.1.mlp.coefficient.weight", names)
        softmaxes = [n for n in graph.graph.node if n.op_type == "Softmax" and "/residual/" in n.name]
        self.assertEqual(len(softmaxes), 2)

    def test_manifest_hashes_and_sizes_match_the_files(self):
        _, doc, out = self.export("phi2", external_data=True)
        self.assertEqual(set(doc["files"]), {"vision_encoder.onnx", "embed_tokens.onnx", "decoder_model_merged.onnx",
                                             "decoder_model_merged.onnx_data", "tokenizer.json"})
        for name, entry in doc["files"].items():
            with open(os.path.join(out, name), "rb") as f:
                data = f.read()
            self.assertEqual(entry["sha256"], hashlib.sha256(data).hexdigest(), name)
            self.assertEqual(entry["bytes"], len(data), name)
        with open(os.path.join(out, "model.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f), doc)

    def elem_types(self, graph):
        inferred = onnx.shape_inference.infer_shapes(graph)
        types = {v.name: v.type.tensor_type.elem_type for v in
                 list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output)}
        types.update({t.name: t.data_type for t in inferred.graph.initializer})
        return inferred, types

    def test_fp16_keeps_router_rotary_and_attention_scores_in_fp32(self):
        _, doc, out = self.export("stablelm", dtype="float16", top_k=2, use_residual=True)
        self.assertEqual(doc["dtype"], "float16")
        graph = onnx.load(os.path.join(out, "decoder_model_merged.onnx"))
        onnx.checker.check_model(graph)
        inferred, types = self.elem_types(graph)
        inits = {t.name: t for t in graph.graph.initializer}
        for name, tensor in inits.items():
            if ".gate.router." in name or ".coefficient." in name:
                self.assertEqual(tensor.data_type, TensorProto.FLOAT, name)
        big = [t for t in inits.values() if len(t.dims) == 2 and min(t.dims) > 4]
        self.assertTrue(big and all(t.data_type == TensorProto.FLOAT16 for t in big
                                    if ".gate." not in t.name and ".coefficient." not in t.name))
        softmax = [n for n in inferred.graph.node if n.op_type == "Softmax"]
        self.assertEqual(len(softmax), 4 + 2 + 2)  # attention per layer, router and coefficient per MoE layer
        for node in softmax:
            self.assertEqual(types[node.input[0]], TensorProto.FLOAT, node.name)
        for node in inferred.graph.node:
            if node.op_type in ("Cos", "Sin"):
                self.assertEqual(types[node.input[0]], TensorProto.FLOAT, node.name)
        for value in list(graph.graph.input) + list(graph.graph.output):
            if value.name not in ("attention_mask", "position_ids", "prefix_index", "logits_index"):
                self.assertEqual(value.type.tensor_type.elem_type, TensorProto.FLOAT, value.name)
        vision = onnx.load(os.path.join(out, "vision_encoder.onnx"))
        self.assertTrue(any(t.data_type == TensorProto.FLOAT16 for t in vision.graph.initializer))

    def check_quantized(self, dtype, bits):
        model, doc, out = self.export("phi2", dtype=dtype, top_k=2, use_residual=True, block_size=16)
        self.assertEqual(doc["dtype"], dtype)
        self.assertEqual(doc["quantization"]["bits"], bits)
        graph = onnx.load(os.path.join(out, "decoder_model_merged.onnx"))
        nbits = [n for n in graph.graph.node if n.op_type == "MatMulNBits"]
        # per layer q, k, v, o; dense layers fc1/fc2; MoE layers 4 experts + meta + residual MLP; the LM head
        self.assertEqual(len(nbits), 4 * 4 + 2 * 2 + 2 * 6 * 2 + 1)
        for node in nbits:
            self.assertEqual(node.domain, "com.microsoft")
            attrs = {a.name: a.i for a in node.attribute}
            self.assertEqual((attrs["bits"], attrs["block_size"]), (bits, 16))
        inits = {t.name: t for t in graph.graph.initializer}
        self.assertEqual(inits["decoder.layers.0.mlp.gate.router.weight"].data_type, TensorProto.FLOAT)
        self.assertNotIn("decoder.layers.0.mlp.experts.0.fc1.weight", inits)
        packed = inits["decoder.layers.0.mlp.experts.0.fc1.weight.q"]
        self.assertEqual(list(packed.dims), [model.cfg.decoder.intermediate_size, 64 // 16, 16 * bits // 8])
        self.assertEqual(packed.data_type, TensorProto.UINT8)
        embed = onnx.load(os.path.join(out, "embed_tokens.onnx"))
        self.assertEqual(embed.graph.initializer[0].data_type, TensorProto.FLOAT16)
        vision = onnx.load(os.path.join(out, "vision_encoder.onnx"))
        self.assertNotIn("MatMulNBits", op_counts(vision))

    def test_int8_export_quantizes_the_decoders_linear_layers_but_not_the_router(self):
        self.check_quantized("int8", 8)

    def test_int4_export_quantizes_the_decoders_linear_layers_but_not_the_router(self):
        self.check_quantized("int4", 4)

    def test_external_data_is_one_aligned_file_listed_in_the_manifest(self):
        _, doc, out = self.export("stablelm", external_data=True)
        self.assertIn("decoder_model_merged.onnx_data", doc["files"])
        graph = onnx.load(os.path.join(out, "decoder_model_merged.onnx"), load_external_data=False)
        locations, offsets = set(), []
        for t in graph.graph.initializer:
            entries = {e.key: e.value for e in t.external_data}
            if entries:
                locations.add(entries["location"])
                offsets.append(int(entries["offset"]))
        self.assertEqual(locations, {"decoder_model_merged.onnx_data"})
        self.assertTrue(offsets and all(o % ALIGN == 0 for o in offsets))
        onnx.checker.check_model(os.path.join(out, "decoder_model_merged.onnx"))

    def test_estimated_sizes_follow_the_dtype(self):
        cfg = small_model("phi2").cfg
        f32, f16 = estimated_bytes(cfg, options_for("float32")), estimated_bytes(cfg, options_for("float16"))
        i4 = estimated_bytes(cfg, options_for("int4"))
        self.assertAlmostEqual(f16["decoder_model_merged.onnx"] * 2, f32["decoder_model_merged.onnx"])
        self.assertLess(i4["decoder_model_merged.onnx"], f32["decoder_model_merged.onnx"] / 6)

    def test_committed_fixture_manifest_matches_its_files(self):
        with open(os.path.join(TINY_FIXTURE, "model.json"), encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["format"], FORMAT)
        for name, entry in doc["files"].items():
            with open(os.path.join(TINY_FIXTURE, name), "rb") as f:
                self.assertEqual(entry["sha256"], hashlib.sha256(f.read()).hexdigest(), name)


if __name__ == "__main__":
    unittest.main()
