using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// Writes a model in llama2.c's <c>.bin</c> format (export.py's <c>legacy_export</c>, version 0, which <c>run.c</c>
/// reads) and its tokenizer in llama2.c's <c>tokenizer.bin</c> format, so the same weights can be run by
/// <c>run.c</c> beside this engine (<c>crossover local bench --decode</c>, eng/llama2c-compare.sh).
/// </summary>
/// <remarks>
/// The model file is seven little-endian int32s — dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size (negated
/// when the output head is not the embedding), seq_len — then fp32 arrays in this order: the embedding; every layer's
/// attention norm; every layer's wq, then wk, wv, wo; every layer's FFN norm; every w1 (gate), w2 (down), w3 (up); the
/// final norm; the rotary cos and sin tables [seq_len, head_dim/2] (which run.c skips); the output head if not shared.
/// Hugging Face's q_proj/k_proj rows are permuted for the rotate_half layout; llama2.c rotates adjacent pairs, so those
/// rows are permuted back (export.py's <c>permute_reverse</c>, per kv head for k).
/// </remarks>
public static class Llama2cExport
{
    /// <summary>What run.c hard-codes, so a model must match it to mean the same thing there.</summary>
    private const double RunCRopeTheta = 10000.0;

    private const double RunCRmsNormEps = 1e-5;

    /// <summary>Writes <paramref name="model"/>'s base weights to <paramref name="path"/> in llama2.c's version-0 format.</summary>
    /// <param name="model">A loaded model without an adapter (merge one first).</param>
    /// <param name="path">The .bin file to write (atomically).</param>
    /// <exception cref="InputException">The model uses something run.c does not implement (biases, rope scaling, another rope theta or eps, head_dim ≠ dim/heads, a sliding window, no max_position_embeddings) or has an adapter.</exception>
    public static void WriteModel(LocalModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        var c = model.Transformer.Config;
        Refuse(c.QkvBias || c.OutputBias || c.MlpBias, "attention_bias / mlp_bias", "run.c has no biases");
        Refuse(c.RopeScaling is not null, "rope_scaling", "run.c has no rope scaling");
        Refuse(Math.Abs(c.RopeTheta - RunCRopeTheta) > 1e-9, "rope_theta", "run.c fixes rope_theta at 10000");
        Refuse(Math.Abs(c.RmsNormEps - RunCRmsNormEps) > 1e-12, "rms_norm_eps", "run.c fixes rms_norm_eps at 1e-5");
        Refuse(c.HeadDim * c.Heads != c.HiddenSize, "head_dim", "run.c assumes head_dim = hidden_size / num_attention_heads");
        Refuse(c.SlidingWindow is not null, "sliding_window", "run.c attends to every earlier token");
        Refuse(c.MaxPositions is null, "max_position_embeddings", "run.c needs a sequence length; add max_position_embeddings to config.json");
        if (model.AdapterConfig is not null)
        {
            throw new InputException("the model has a LoRA adapter", field: "adapter", hint: "merge it first (crossover local merge) and export the merged folder");
        }

        var w = model.Transformer.Weights;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            foreach (var value in new[] { c.HiddenSize, c.IntermediateSize, c.Layers, c.Heads, c.KvHeads, c.TieWordEmbeddings ? c.VocabSize : -c.VocabSize, c.MaxPositions!.Value })
            {
                writer.Write(value);
            }

            void Each(string suffix, Func<Tensor, Tensor>? transform = null)
            {
                for (var i = 0; i < c.Layers; i++)
                {
                    var tensor = w[$"model.layers.{i}.{suffix}"];
                    using var written = transform is null ? tensor.alias() : transform(tensor);
                    WriteFloats(writer, written);
                }
            }

            WriteFloats(writer, w["model.embed_tokens.weight"]);
            Each("input_layernorm.weight");
            Each("self_attn.q_proj.weight", t => PairsFromHalves(t, c.Heads));
            Each("self_attn.k_proj.weight", t => PairsFromHalves(t, c.KvHeads));
            Each("self_attn.v_proj.weight");
            Each("self_attn.o_proj.weight");
            Each("post_attention_layernorm.weight");
            Each("mlp.gate_proj.weight");
            Each("mlp.down_proj.weight");
            Each("mlp.up_proj.weight");
            WriteFloats(writer, w["model.norm.weight"]);
            using (var scope = NewDisposeScope())
            {
                // llama2.c's precompute_freqs_cis in float32, as PyTorch evaluates it: 1.0 / θ ** (arange(0, d, 2) / d)
                // is a pow then a reciprocal, and outer(t, freqs) a float32 product (so the tables match export.py's).
                var exponents = arange(0, c.HeadDim, 2, ScalarType.Float32) / c.HeadDim;
                var frequencies = full_like(exponents, RunCRopeTheta).pow(exponents).reciprocal();
                var angles = arange(c.MaxPositions!.Value, ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);
                WriteFloats(writer, angles.cos());
                WriteFloats(writer, angles.sin());
            }

            if (!c.TieWordEmbeddings)
            {
                WriteFloats(writer, w["lm_head.weight"]);
            }
        });
    }

    /// <summary>
    /// Writes the model's tokenizer.json vocabulary (a SentencePiece-style BPE) in llama2.c's tokenizer.bin format: the
    /// longest token's byte length (int32), then per id its score (float32), byte length (int32) and UTF-8 bytes, with
    /// <c>▁</c> as a space and BOS/EOS as <c>\n&lt;s&gt;\n</c>/<c>\n&lt;/s&gt;\n</c>, as llama2.c's tokenizer.py writes them.
    /// run.c merges the adjacent pair whose joined text has the highest score.
    /// </summary>
    /// <param name="model">The model whose folder holds tokenizer.json.</param>
    /// <param name="modelDirectory">That folder.</param>
    /// <param name="path">The tokenizer.bin file to write (atomically).</param>
    /// <exception cref="InputException">tokenizer.json is not a BPE model.</exception>
    public static void WriteTokenizer(LocalModel model, string modelDirectory, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(modelDirectory);
        var file = Path.Combine(modelDirectory, "tokenizer.json");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new InputException($"not valid JSON: {ex.Message}", file: file);
        }

        if (root?["model"] is not JsonObject bpe || bpe["type"]?.GetValue<string>() != "BPE" || bpe["byte_fallback"]?.GetValue<bool>() != true || bpe["vocab"] is not JsonObject vocab)
        {
            throw new InputException("llama2.c's tokenizer.bin holds a SentencePiece-style BPE vocabulary (characters with <0xNN> byte fallback); this tokenizer is not one",
                file: file, field: "model", hint: "export the model alone (without --tokenizer)");
        }

        var size = model.Transformer.Config.VocabSize;
        var texts = new string[size];
        foreach (var (piece, id) in vocab)
        {
            if (id?.GetValue<int>() is { } i && i >= 0 && i < size)
            {
                texts[i] = piece;
            }
        }

        foreach (var added in root["added_tokens"]?.AsArray() ?? [])
        {
            if (added?["id"]?.GetValue<int>() is { } i && i >= 0 && i < size && added["content"]?.GetValue<string>() is { } content)
            {
                texts[i] = content;
            }
        }

        // SentencePiece's scores, which tokenizer.json drops: control and byte tokens 0, the other pieces −(their rank) as
        // float (the first is −0, as SentencePiece's trainer writes it),
        // ids being in score order in a converted SentencePiece vocabulary (its merges are ordered by the same scores).
        var special = (root["added_tokens"]?.AsArray() ?? []).Select(a => a?["id"]?.GetValue<int>()).OfType<int>().ToHashSet();
        var scores = new float[size];
        var rank = 0;
        for (var id = 0; id < size; id++)
        {
            if (!special.Contains(id) && texts[id] is { } text && !IsByteToken(text))
            {
                scores[id] = -(float)rank++;
            }
        }

        var bos = model.Transformer.Config.BosTokenId;
        var eos = model.EosTokenIds;
        var bytes = texts.Select((text, id) => Encoding.UTF8.GetBytes(
            id == bos ? "\n<s>\n" : eos.Contains(id) ? "\n</s>\n" : (text ?? "").Replace('▁', ' '))).ToList();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(bytes.Max(b => b.Length));
            for (var id = 0; id < size; id++)
            {
                writer.Write(scores[id]);
                writer.Write(bytes[id].Length);
                writer.Write(bytes[id]);
            }
        });
    }

    /// <summary>Whether a piece is a byte-fallback token such as <c>&lt;0x0A&gt;</c>.</summary>
    private static bool IsByteToken(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>' && Uri.IsHexDigit(piece[3]) && Uri.IsHexDigit(piece[4]);

    /// <summary>export.py's permute_reverse: rows of each head from the rotate_half order (halves) back to adjacent pairs.</summary>
    internal static Tensor PairsFromHalves(Tensor weight, int heads)
    {
        long rows = weight.shape[0], columns = weight.shape[1];
        return weight.view(heads, 2, rows / heads / 2, columns).transpose(1, 2).reshape(rows, columns);
    }

    private static void WriteFloats(BinaryWriter writer, Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        writer.Write(cpu.bytes);
    }

    private static void Refuse(bool condition, string field, string why)
    {
        if (condition)
        {
            throw new InputException($"llama2.c's format cannot hold this model: {why}", field: field, hint: "only plain Llama checkpoints export to llama2.c");
        }
    }
}
