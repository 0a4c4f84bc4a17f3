/**
 * A model folder as an ONNX graph ({@link io.github.adagrad4j.export.OnnxExport}), with what
 * {@code predict} does to raw input inside it (imputation, scaling, one-hot encoding, standardisation),
 * so that ONNX Runtime in any language takes the same input as {@code adagrad4j predict}. Uses
 * {@code train} (the model folder) and ONNX's protocol buffers.
 */
package io.github.adagrad4j.export;
