using System.Security.Cryptography;
using Crossover.Core.Input;
using static TorchSharp.torch;

namespace Crossover.LocalModels.Tests;

public sealed class Llama2cExportTests
{
    [ModelFact]
    public void Stories260K_ReproducesLlama2csOwnFilesByteForByte()
    {
        // sha256 of karpathy/tinyllamas stories260K.bin and tok512.bin, recorded in the model folder's README.md.
        using var model = LocalModel.Load(SharedModels.Stories260K);
        var folder = Directory.CreateTempSubdirectory("crossover-llama2c-").FullName;
        Llama2cExport.WriteModel(model, Path.Combine(folder, "stories260K.bin"));
        Llama2cExport.WriteTokenizer(model, SharedModels.Stories260K, Path.Combine(folder, "tok512.bin"));

        Assert.Equal("b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696", Sha256(Path.Combine(folder, "stories260K.bin")));
        Assert.Equal("037cb335abb25d1fa9e8ecae30ed2a3a8ace9302862ebcdc05d51a6bbb10c312", Sha256(Path.Combine(folder, "tok512.bin")));
    }

    [Fact]
    public void UntiedModel_HeaderAndWeightsReadBackAsTheSource()
    {
        using var model = LocalModel.Load(TinyModel.Write(seed: 21, configure: c => c["max_position_embeddings"] = 40));
        var c = model.Transformer.Config;
        var file = Path.Combine(Directory.CreateTempSubdirectory("crossover-llama2c-").FullName, "model.bin");
        Llama2cExport.WriteModel(model, file);

        using var reader = new BinaryReader(File.OpenRead(file));
        var header = Enumerable.Range(0, 7).Select(_ => reader.ReadInt32()).ToArray();
        // Untied head: vocab_size is negated.
        Assert.Equal(new[] { c.HiddenSize, c.IntermediateSize, c.Layers, c.Heads, c.KvHeads, -c.VocabSize, 40 }, header);
        var w = model.Transformer.Weights;
        float[] Read(long count) => Enumerable.Range(0, checked((int)count)).Select(_ => reader.ReadSingle()).ToArray();
        float[] Source(Tensor t) => t.contiguous().data<float>().ToArray();
        long dim = c.HiddenSize, kv = (long)c.KvHeads * c.HeadDim, hidden = c.IntermediateSize;

        Assert.Equal(Source(w["model.embed_tokens.weight"]), Read(c.VocabSize * dim));
        Assert.Equal(Source(w["model.layers.0.input_layernorm.weight"]), Read(dim));
        Read(dim * (c.Layers - 1));
        var wq0 = Read(dim * dim);
        Read(dim * dim * (c.Layers - 1));
        var wk0 = Read(kv * dim);
        Read(kv * dim * (c.Layers - 1));
        Assert.Equal(Source(w["model.layers.0.self_attn.v_proj.weight"]), Read(kv * dim));

        // Applying Hugging Face's own permutation (convert_llama_weights_to_hf.py) to what was written gives q_proj/k_proj back.
        Tensor Permute(float[] values, long rows, int heads) => tensor(values, [rows, dim]).view(heads, rows / heads / 2, 2, dim).transpose(1, 2).reshape(rows, dim);
        Assert.Equal(Source(w["model.layers.0.self_attn.q_proj.weight"]), Source(Permute(wq0, dim, c.Heads)));
        Assert.Equal(Source(w["model.layers.0.self_attn.k_proj.weight"]), Source(Permute(wk0, kv, c.KvHeads)));
        Assert.NotEqual(Source(w["model.layers.0.self_attn.q_proj.weight"]), wq0);

        // Skip the rest of the layers' weights, the final norm and the rotary tables; the untied head comes last.
        // wv of layers 1.., every wo, FFN norm, w1, w2, w3, the final norm, cos and sin [40, head_dim / 2].
        var before = (c.Layers - 1) * kv * dim + c.Layers * (dim * dim + dim + 3 * hidden * dim) + dim + 2 * 40 * (c.HeadDim / 2);
        Read(before);
        Assert.Equal(Source(w["lm_head.weight"]), Read(c.VocabSize * dim));
        Assert.Equal(reader.BaseStream.Length, reader.BaseStream.Position);
    }

    [Fact]
    public void ModelsRunCCannotRun_AreRefusedNamingTheField()
    {
        using var qwen = LocalModel.Load(TinyModel.Write("Qwen2ForCausalLM", configure: c => c["max_position_embeddings"] = 40));
        using var noContext = LocalModel.Load(TinyModel.Write());
        var file = Path.Combine(Directory.CreateTempSubdirectory("crossover-llama2c-").FullName, "model.bin");

        Assert.Equal("attention_bias / mlp_bias", Assert.Throws<InputException>(() => Llama2cExport.WriteModel(qwen, file)).Field);
        Assert.Equal("max_position_embeddings", Assert.Throws<InputException>(() => Llama2cExport.WriteModel(noContext, file)).Field);
        Assert.False(File.Exists(file));
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
