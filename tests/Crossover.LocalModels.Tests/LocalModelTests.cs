using Crossover.Core.Input;
using static TorchSharp.torch;

namespace Crossover.LocalModels.Tests;

public sealed class LocalModelTests
{
    [Fact]
    public void KvCacheDecoding_EqualsFullRecomputation()
    {
        using var model = LocalModel.Load(TinyModel.Write());
        int[] ids = [0, 5, 90, 17, 200, 33, 4, 150, 60, 8];
        using var full = TinyModel.Logits(model, ids);

        using var noGrad = no_grad();
        using var cache = new KvCache(2);
        var prefix = tensor(ids[..6].Select(i => (long)i).ToArray(), [1, 6]);
        var steps = new List<Tensor> { model.Transformer.Forward(prefix, ones_like(prefix), cache) };
        foreach (var id in ids[6..])
        {
            var one = tensor(new long[] { id }, [1, 1]);
            steps.Add(model.Transformer.Forward(one, ones_like(one), cache));
        }

        using var incremental = cat(steps, 1);
        Assert.True(full.allclose(incremental, rtol: 1e-4, atol: 1e-4), $"largest difference {(full - incremental).abs().max().item<float>()}");
    }

    [Fact]
    public void BatchedLeftPaddedGeneration_MatchesOneAtATime()
    {
        using var model = LocalModel.Load(TinyModel.Write(architecture: "Qwen2ForCausalLM"));
        IReadOnlyList<int>[] prompts = [[0, 10, 20, 30, 40, 50], [0, 7], [0, 99, 98, 97]];
        var options = new GenerationOptions { MaxNewTokens = 8, StopTokenIds = [] };

        var batched = model.Generate(prompts, options);

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(model.Generate([prompts[i]], options)[0].TokenIds, batched[i].TokenIds);
        }
    }

    [Fact]
    public void Sampling_SameSeedRepeats_TopKOneIsGreedy()
    {
        using var model = LocalModel.Load(TinyModel.Write());
        var sampled = new GenerationOptions { MaxNewTokens = 12, Temperature = 1.5, TopP = 0.9, Seed = 7, StopTokenIds = [] };

        var first = model.Generate("the cat", sampled);
        var again = model.Generate("the cat", sampled);
        var topOne = model.Generate("the cat", new GenerationOptions { MaxNewTokens = 12, Temperature = 1.5, TopK = 1, StopTokenIds = [] });
        var greedy = model.Generate("the cat", new GenerationOptions { MaxNewTokens = 12, StopTokenIds = [] });

        Assert.Equal(first.TokenIds, again.TokenIds);
        Assert.Equal(greedy.TokenIds, topOne.TokenIds);
        Assert.Equal(12, greedy.TokenIds.Count);
        Assert.Equal("length", greedy.FinishReason);
    }

    [Fact]
    public void StopString_CutsTextBeforeIt()
    {
        using var model = LocalModel.Load(TinyModel.Write());
        var full = model.Generate("the", new GenerationOptions { MaxNewTokens = 10, StopTokenIds = [] }).Text;
        var stop = full.Substring(3, 2);

        var cut = model.Generate("the", new GenerationOptions { MaxNewTokens = 10, StopTokenIds = [], StopStrings = [stop] });

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.Equal("stop", cut.FinishReason);
    }

    [Fact]
    public void AdapterWithZeroB_ChangesNothing()
    {
        using var model = LocalModel.Load(TinyModel.Write());
        int[] ids = [0, 3, 4, 5, 6];
        using var before = TinyModel.Logits(model, ids);

        model.AddAdapter(new LoraConfig { Rank = 4, TargetModules = LoraConfig.KnownTargets });
        using var after = TinyModel.Logits(model, ids);

        Assert.True(before.allclose(after, rtol: 0, atol: 0));
    }

    [Fact]
    public void AdapterSaveLoad_RoundTripsWithPeftNames_AndMergedFolderGivesSameLogits()
    {
        var baseDir = TinyModel.Write(tied: true);
        var adapterDir = Directory.CreateTempSubdirectory("crossover-adapter-").FullName;
        var mergedDir = Directory.CreateTempSubdirectory("crossover-merged-").FullName;
        int[] ids = [0, 40, 41, 42, 43, 44];
        using var model = LocalModel.Load(baseDir);
        model.AddAdapter(new LoraConfig { Rank = 4, TargetModules = ["q_proj", "v_proj", "down_proj"] }, seed: 3);
        using (no_grad())
        {
            foreach (var layer in model.Transformer.Lora.Values)
            {
                layer.B.copy_(randn_like(layer.B) * 0.3f);
            }
        }

        using var adapted = TinyModel.Logits(model, ids);
        model.SaveAdapter(adapterDir);
        using var reloaded = LocalModel.Load(baseDir, adapterDir);
        using var reloadedLogits = TinyModel.Logits(reloaded, ids);
        using var plain = LocalModel.Load(baseDir);
        using var baseLogits = TinyModel.Logits(plain, ids);
        model.MergeAndSave(mergedDir);
        using var merged = LocalModel.Load(mergedDir);
        using var mergedLogits = TinyModel.Logits(merged, ids);

        var names = Safetensors.Read([Path.Combine(adapterDir, "adapter_model.safetensors")], ScalarType.Float32, CPU).Keys;
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", names);
        Assert.Contains("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight", names);
        Assert.Equal(12, names.Count);
        Assert.Contains("\"peft_type\": \"LORA\"", File.ReadAllText(Path.Combine(adapterDir, "adapter_config.json")));
        Assert.True(adapted.allclose(reloadedLogits, rtol: 0, atol: 1e-6));
        Assert.False(adapted.allclose(baseLogits, rtol: 0, atol: 1e-3));
        Assert.True(adapted.allclose(mergedLogits, rtol: 1e-4, atol: 1e-4), $"largest difference {(adapted - mergedLogits).abs().max().item<float>()}");
    }

    [Fact]
    public void LoraTraining_LowersLossAndFitsTinySet()
    {
        using var model = LocalModel.Load(TinyModel.Write(seed: 5));
        TrainingExample[] data =
        [
            new([("user", "red?")], "apple"),
            new([("user", "sky?")], "blue"),
            new([("user", "sea?")], "wet"),
            new([("user", "sun?")], "hot"),
        ];
        var before = LoraTrainer.Evaluate(model, data);

        var report = LoraTrainer.Train(model, data, data, new TrainingOptions
        {
            Lora = new LoraConfig { Rank = 8, Alpha = 16, Dropout = 0, TargetModules = LoraConfig.KnownTargets },
            Epochs = 30, LearningRate = 3e-2, BatchSize = 4, WarmupRatio = 0.05,
        });

        // The frozen random head and RMSNorm bound the logit margins, so the loss plateaus near 0.7 while every answer is right.
        var after = LoraTrainer.Evaluate(model, data);
        Assert.True(after < before / 5, $"loss {before} -> {after}");
        Assert.Equal(30, report.Steps.Count);
        Assert.True(report.Epochs[^1].ValidationLoss < report.Epochs[0].ValidationLoss);
        foreach (var example in data)
        {
            var answer = model.Generate([model.EncodeChat(example.Messages)], new GenerationOptions { MaxNewTokens = 10 })[0];
            Assert.Equal(example.Completion, answer.Text);
        }
    }

    [Fact]
    public void TrainingResumedFromCheckpoint_EndsWhereAnUninterruptedRunEnds()
    {
        var dir = TinyModel.Write(seed: 9);
        var checkpoints = Directory.CreateTempSubdirectory("crossover-ckpt-").FullName;
        TrainingExample[] data = [new([("user", "a")], "x"), new([("user", "b")], "y"), new([("user", "c")], "z"), new([("user", "d")], "w")];
        TrainingOptions Options(string? resume) => new()
        {
            Lora = new LoraConfig { Rank = 4, Dropout = 0 }, Epochs = 4, BatchSize = 2, LearningRate = 1e-2,
            CheckpointEvery = 4, CheckpointDirectory = checkpoints, ResumeFrom = resume,
        };
        using var full = LocalModel.Load(dir);
        LoraTrainer.Train(full, data, [], Options(null));
        using var resumed = LocalModel.Load(dir);

        var report = LoraTrainer.Train(resumed, data, [], Options(Path.Combine(checkpoints, "checkpoint-4")));

        Assert.Equal(5, report.Steps[0].Step);
        Assert.Equal(8, report.Steps[^1].Step);
        using var expected = TinyModel.Logits(full, [0, 70, 71]);
        using var actual = TinyModel.Logits(resumed, [0, 70, 71]);
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-5), $"largest difference {(expected - actual).abs().max().item<float>()}");
    }

    [Fact]
    public void Tokenizer_RoundTripsUnicode_AndAppliesMerges()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("crossover-tok-").FullName, "tokenizer.json");
        File.WriteAllText(path, TinyModel.TokenizerJson());
        var tokenizer = HfTokenizer.Load(path);
        const string Text = "Grüße, 日本語 and emoji 🎉 — the end\n\ttabs";

        var ids = tokenizer.Encode(Text);

        Assert.Equal(0, ids[0]);
        Assert.Equal(Text, tokenizer.Decode(ids));
        Assert.Equal([0, tokenizer.TokenToId("Ġthe")!.Value], tokenizer.Encode(" the"));
        Assert.Equal("<s> the", tokenizer.Decode(tokenizer.Encode(" the"), skipSpecialTokens: false));
    }

    [Fact]
    public void Load_MissingTensor_NamesIt()
    {
        var dir = TinyModel.Write(edit: w => w.Remove("model.layers.1.mlp.up_proj.weight"));
        var error = Assert.Throws<InputException>(() => LocalModel.Load(dir));
        Assert.Contains("missing tensor 'model.layers.1.mlp.up_proj.weight'", error.Message);
    }

    [Fact]
    public void Load_WrongShape_NamesTensorAndShapes()
    {
        var dir = TinyModel.Write(edit: w => w["model.norm.weight"] = ones(31));
        var error = Assert.Throws<InputException>(() => LocalModel.Load(dir));
        Assert.Contains("tensor 'model.norm.weight' has shape [31], config.json implies [32]", error.Message);
    }

    [Fact]
    public void Load_UnexpectedTensor_NamesIt()
    {
        var dir = TinyModel.Write(edit: w => w["model.extra.weight"] = ones(2));
        var error = Assert.Throws<InputException>(() => LocalModel.Load(dir));
        Assert.Contains("unexpected tensor 'model.extra.weight'", error.Message);
    }

    [Fact]
    public void Load_UnsupportedArchitecture_SaysWhichAreSupported()
    {
        var dir = TinyModel.Write();
        File.WriteAllText(Path.Combine(dir, "config.json"), File.ReadAllText(Path.Combine(dir, "config.json")).Replace("LlamaForCausalLM", "GPT2LMHeadModel", StringComparison.Ordinal));
        var error = Assert.Throws<InputException>(() => LocalModel.Load(dir));
        Assert.Contains("unsupported architecture 'GPT2LMHeadModel'", error.Message);
        Assert.Contains("LlamaForCausalLM", error.Message);
    }

    [Fact]
    public void Safetensors_HalfPrecisionFiles_ReadAsFloat32()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("crossover-st-").FullName, "x.safetensors");
        using var values = tensor(new[] { 1.5f, -2.25f, 0.125f, 3f });
        Safetensors.Write(file, new Dictionary<string, Tensor> { ["h"] = values.to(ScalarType.Float16), ["b"] = values.to(ScalarType.BFloat16) });

        var read = Safetensors.Read([file], ScalarType.Float32, CPU);

        Assert.True(read["h"].allclose(values, rtol: 0, atol: 0));
        Assert.True(read["b"].allclose(values, rtol: 0, atol: 0));
    }
}
