/**
 * Med-MoE inference on top of {@code org.medmoe.runtime}: the model directory and its manifest,
 * the tokenizer (a Hugging Face {@code tokenizer.json}, GPT-2/CodeGen byte-level BPE files, or a
 * tiktoken file with Arcade100k's rules: {@link org.medmoe.model.TokenizerKind}) and prompt, image
 * pre-processing, the vision encoder, prefill and greedy decoding
 * with a KV cache, batching with left padding, routing statistics and candidate scoring.
 * {@link org.medmoe.model.MedMoeModel} is the thread-safe entry point the rest of the service uses.
 * Knows nothing of Kafka or DICOM.
 */
package org.medmoe.model;
