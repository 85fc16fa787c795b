using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Tuning.Data;
using Crossover.Tuning.Export;
using Crossover.Tuning.Jobs;
using YamlDotNet.Serialization;

namespace Crossover.Tuning.Tests.Export;

public sealed class TrainingExporterTests
{
    private static readonly PriceCatalog Catalog = PriceCatalogReader.LoadBundled();

    private static TuneData WithDevSplit() => new() { Split = "{ train: 0.8, dev: 0.2, test: 0 }", Evaluate = "dev" };

    private static ExportResult Export(TuneData data, ExportOptions options) =>
        TrainingExporter.Export(ExperimentReader.Load(data.Write()), options, Catalog, Path.Combine(data.Folder, "out"));

    private static Dictionary<string, object> Yaml(string path) => new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(path));

    /// <summary>Every line of a data file is {"messages":[system, user, assistant]} with the zero-shot production prompt.</summary>
    private static int AssertChatFile(string path)
    {
        Assert.True(File.Exists(path), path);
        var lines = File.ReadAllLines(path);
        foreach (var line in lines)
        {
            var messages = JsonDocument.Parse(line).RootElement.GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal(["system", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
            Assert.Equal("Route the support ticket.\nAnswer with exactly one of: billing, bug. Reply with the label only.", messages[0].GetProperty("content").GetString());
            Assert.StartsWith("Ticket: ticket ", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
            Assert.Contains(messages[2].GetProperty("content").GetString(), new[] { "billing", "bug" });
        }

        return lines.Length;
    }

    [Fact]
    public void LlamaFactory_DatasetInfoAndConfigPointAtExistingChatFiles()
    {
        using var data = WithDevSplit();
        var result = Export(data, new ExportOptions(TrainingTool.LlamaFactory, "meta-llama/Llama-3.2-1B-Instruct", Epochs: 2, LoraRank: 8));

        var folder = result.Folder;
        using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "dataset_info.json")));
        var config = Yaml(Path.Combine(folder, "train_lora.yaml"));
        Assert.Equal("meta-llama/Llama-3.2-1B-Instruct", config["model_name_or_path"]);
        Assert.Equal("sft", config["stage"]);
        Assert.Equal("lora", config["finetuning_type"]);
        Assert.Equal("8", config["lora_rank"]);
        Assert.Equal("16", config["lora_alpha"]);
        Assert.Equal("all", config["lora_target"]);
        Assert.False(config.ContainsKey("template"));
        Assert.Equal("512", config["cutoff_len"]);
        // 16 train examples / (2 per micro-batch x 4 accumulated) = 2 steps per epoch, x 2 epochs = 4 steps; 10 % rounded up.
        Assert.Equal("1", config["warmup_steps"]);
        Assert.False(config.ContainsKey("warmup_ratio"));
        Assert.Equal(2.0, double.Parse((string)config["num_train_epochs"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2e-4, double.Parse((string)config["learning_rate"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(config.ContainsKey("output_dir"));
        Assert.Equal(".", config["dataset_dir"]);

        var train = info.RootElement.GetProperty((string)config["dataset"]);
        var validation = info.RootElement.GetProperty((string)config["eval_dataset"]);
        foreach (var entry in new[] { train, validation })
        {
            Assert.Equal("sharegpt", entry.GetProperty("formatting").GetString());
            Assert.Equal("messages", entry.GetProperty("columns").GetProperty("messages").GetString());
            Assert.Equal("role", entry.GetProperty("tags").GetProperty("role_tag").GetString());
            Assert.Equal("system", entry.GetProperty("tags").GetProperty("system_tag").GetString());
        }

        Assert.Equal(16, AssertChatFile(Path.Combine(folder, train.GetProperty("file_name").GetString()!)));
        Assert.Equal(4, AssertChatFile(Path.Combine(folder, validation.GetProperty("file_name").GetString()!)));
        Assert.Equal((16, 4), (result.TrainExamples, result.ValidationExamples));
        Assert.Equal($"cd {folder} && llamafactory-cli train train_lora.yaml", result.Command);
    }

    [Fact]
    public void Axolotl_ConfigHasLoraKeysAndDatasetsThatExist()
    {
        using var data = WithDevSplit();
        var result = Export(data, new ExportOptions(TrainingTool.Axolotl, LoraRank: 32, LoraTarget: "q_proj, v_proj", SequenceLength: 1024, MicroBatchSize: 4));

        var config = Yaml(Path.Combine(result.Folder, "axolotl.yaml"));
        Assert.Equal(ExportOptions.DefaultBaseModel, config["base_model"]);
        Assert.Equal("lora", config["adapter"]);
        Assert.Equal("32", config["lora_r"]);
        Assert.Equal("64", config["lora_alpha"]);
        Assert.Equal("0.05", config["lora_dropout"]);
        Assert.Equal(["q_proj", "v_proj"], ((List<object>)config["lora_target_modules"]).Cast<string>());
        Assert.Equal("1024", config["sequence_len"]);
        Assert.Equal("3", config["num_epochs"]);
        Assert.Equal("4", config["micro_batch_size"]);
        Assert.Equal("0.0002", config["learning_rate"]);
        Assert.Equal("1", config["evals_per_epoch"]);
        Assert.Equal("1", config["warmup_steps"]);
        Assert.False(config.ContainsKey("warmup_ratio"));
        Assert.True(config.ContainsKey("output_dir"));
        var datasets = (List<object>)config["datasets"];
        var tests = (List<object>)config["test_datasets"];
        foreach (Dictionary<object, object> dataset in datasets.Concat(tests))
        {
            Assert.Equal("chat_template", dataset["type"]);
            Assert.Equal("json", dataset["ds_type"]);
            Assert.Equal("messages", dataset["field_messages"]);
            var mappings = (Dictionary<object, object>)dataset["message_property_mappings"];
            Assert.Equal(("role", "content"), ((string)mappings["role"], (string)mappings["content"]));
            Assert.Equal(["assistant"], ((List<object>)dataset["roles_to_train"]).Cast<string>());
            Assert.Equal("turn", dataset["train_on_eos"]);
            AssertChatFile(Path.Combine(result.Folder, (string)dataset["path"]));
        }

        Assert.EndsWith("axolotl train axolotl.yaml", result.Command, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsloth_ScriptCarriesHyperParametersAndReadsExistingFiles()
    {
        using var data = new TuneData();
        var result = Export(data, new ExportOptions(TrainingTool.Unsloth, "unsloth/Llama-3.2-1B-Instruct", Epochs: 4, LoraRank: 8, LearningRate: 1e-4));

        var script = File.ReadAllText(Path.Combine(result.Folder, "train_unsloth.py"));
        var unsloth = script.IndexOf("from unsloth import FastLanguageModel", StringComparison.Ordinal);
        Assert.InRange(unsloth, 0, script.IndexOf("from trl import", StringComparison.Ordinal));
        Assert.InRange(unsloth, 0, script.IndexOf("from transformers import", StringComparison.Ordinal));
        Assert.Contains("LOAD_IN_4BIT = True", script, StringComparison.Ordinal);
        Assert.Contains("load_in_4bit=LOAD_IN_4BIT,", script, StringComparison.Ordinal);
        Assert.Contains("max_length=MAX_SEQ_LENGTH,", script, StringComparison.Ordinal);
        Assert.Contains("BASE_MODEL = \"unsloth/Llama-3.2-1B-Instruct\"", script, StringComparison.Ordinal);
        Assert.Contains("MAX_SEQ_LENGTH = 512", script, StringComparison.Ordinal);
        Assert.Contains("r=8,", script, StringComparison.Ordinal);
        Assert.Contains("lora_alpha=16,", script, StringComparison.Ordinal);
        Assert.Contains("target_modules=[\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\", \"gate_proj\", \"up_proj\", \"down_proj\"]", script, StringComparison.Ordinal);
        Assert.Contains("num_train_epochs=4,", script, StringComparison.Ordinal);
        Assert.Contains("learning_rate=0.0001,", script, StringComparison.Ordinal);
        Assert.Contains("SFTTrainer(", script, StringComparison.Ordinal);
        Assert.Contains("data_files={\"train\": \"train.jsonl\"}", script, StringComparison.Ordinal);
        Assert.Contains("eval_dataset=None", script, StringComparison.Ordinal);
        // 20 examples / (2 x 4) = 3 steps per epoch, x 4 epochs = 12 steps; 10 % rounded up is 2.
        Assert.Contains("warmup_steps=2,", script, StringComparison.Ordinal);
        Assert.DoesNotContain("warmup_ratio", script, StringComparison.Ordinal);
        Assert.Equal(20, AssertChatFile(Path.Combine(result.Folder, "train.jsonl")));
        Assert.False(File.Exists(Path.Combine(result.Folder, "validation.jsonl")));
    }

    [Fact]
    public void NoDevSplit_AxolotlHasNoTestDatasetsAndLlamaFactoryNoEvalDataset()
    {
        using var data = new TuneData();
        var axolotl = Export(data, new ExportOptions(TrainingTool.Axolotl));
        var llama = Export(data, new ExportOptions(TrainingTool.LlamaFactory));

        Assert.False(Yaml(Path.Combine(axolotl.Folder, "axolotl.yaml")).ContainsKey("test_datasets"));
        Assert.False(Yaml(Path.Combine(llama.Folder, "train_lora.yaml")).ContainsKey("eval_dataset"));
        Assert.False(Yaml(Path.Combine(axolotl.Folder, "axolotl.yaml")).ContainsKey("evals_per_epoch"));
        Assert.Equal(0, llama.ValidationExamples);
    }

    [Fact]
    public void InvalidTrainingData_FailsWithPreparesErrorAndWritesNothing()
    {
        using var data = new TuneData(rows: 6);
        var experiment = ExperimentReader.Load(data.Write());
        var prepare = Assert.Throws<InputException>(() => TrainingPreparer.Prepare(experiment, new PrepareOptions(TrainingFormat.HfChat), Catalog));

        var export = Assert.Throws<InputException>(() => Export(data, new ExportOptions(TrainingTool.Axolotl)));

        Assert.Equal(prepare.Message, export.Message);
        Assert.False(Directory.Exists(Path.Combine(data.Folder, "out")));
    }

    [Theory]
    [InlineData("microsoft/Phi-4-mini-instruct")]
    [InlineData("mistralai/Ministral-8B-Instruct-2410")]
    [InlineData("Qwen/Qwen3-4B-Instruct-2507")]
    [InlineData("acme/brand-new-7b")]
    public void LlamaFactory_WithoutTemplate_LeavesItOutSoTheModelsOwnChatTemplateIsUsed(string baseModel)
    {
        using var data = new TuneData();
        var result = Export(data, new ExportOptions(TrainingTool.LlamaFactory, baseModel));

        Assert.False(Yaml(Path.Combine(result.Folder, "train_lora.yaml")).ContainsKey("template"));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("template", StringComparison.Ordinal));
    }

    [Fact]
    public void LlamaFactory_GivenTemplate_IsWrittenAndABadNameIsRefused()
    {
        using var data = new TuneData();
        var result = Export(data, new ExportOptions(TrainingTool.LlamaFactory, Template: "qwen3_nothink"));
        var bad = Assert.Throws<InputException>(() => Export(data, new ExportOptions(TrainingTool.LlamaFactory, Template: "qwen3\nstage: pt")));

        Assert.Equal("qwen3_nothink", Yaml(Path.Combine(result.Folder, "train_lora.yaml"))["template"]);
        Assert.Equal("--template", bad.Field);
    }

    [Fact]
    public void AllThreeTools_TrainOnTheSameFileOfPromptsAndAnswers()
    {
        using var data = WithDevSplit();
        var files = new[] { TrainingTool.LlamaFactory, TrainingTool.Axolotl, TrainingTool.Unsloth }
            .Select(tool => Export(data, new ExportOptions(tool)))
            .Select(r => (File.ReadAllText(Path.Combine(r.Folder, TrainingExporter.TrainFile)), File.ReadAllText(Path.Combine(r.Folder, TrainingExporter.ValidationFile))))
            .ToList();

        Assert.All(files, f => Assert.Equal(files[0], f));
    }

    [Theory]
    [InlineData(TrainingTool.LlamaFactory, "cuts longer examples to cutoff_len")]
    [InlineData(TrainingTool.Axolotl, "Axolotl drops examples longer than sequence_len")]
    [InlineData(TrainingTool.Unsloth, "the script drops examples longer than MAX_SEQ_LENGTH")]
    public void SequenceLengthBelowTheLongestExample_WarnsWithWhatThatTrainerDoes(TrainingTool tool, string consequence)
    {
        using var data = new TuneData();
        data.Lines[0] = data.Lines[0].Replace("ticket 1 about an invoice", string.Join(' ', Enumerable.Repeat("invoice", 200)), StringComparison.Ordinal);
        var result = Export(data, new ExportOptions(tool, SequenceLength: 64));

        Assert.Contains(result.Warnings, w => w.StartsWith("--sequence-len 64 is below the longest example", StringComparison.Ordinal) && w.Contains(consequence, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Epochs_OutsideTheSharedLimit_AreRefusedBeforeAnythingIsWritten(int epochs)
    {
        using var data = new TuneData();
        var ex = Assert.Throws<InputException>(() => Export(data, new ExportOptions(TrainingTool.Axolotl, Epochs: epochs)));

        Assert.Equal("epochs", ex.Field);
        Assert.Contains($"1 to {TuningHyperparameters.MaxEpochs}", ex.Hint, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data.Folder, "out")));
    }

    [Theory]
    [InlineData(10, 512)]
    [InlineData(410, 1024)]
    [InlineData(1700, 4096)]
    public void SequenceLength_IsPowerOfTwoWithRoomAboveLongestExample(int maxTokens, int expected) =>
        Assert.Equal(expected, TrainingExporter.SequenceLengthFor(maxTokens));

    [Fact]
    public void OutOfRangeOption_NamesTheOption()
    {
        using var data = new TuneData();
        var error = Assert.Throws<InputException>(() => Export(data, new ExportOptions(TrainingTool.Unsloth, LoraRank: 0)));
        Assert.Contains("--lora-rank", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 16.0, 0.05)]
    [InlineData(1, 16.0, 0.05)]
    [InlineData(1024, 16.0, 0.0)]
    [InlineData(1025, 16.0, 0.05)]
    [InlineData(8, 0.0, 0.05)]
    [InlineData(8, 16.0, 0.99)]
    [InlineData(8, 16.0, 1.0)]
    [InlineData(8, 16.0, -0.01)]
    public void LoraLimits_ExportAndTheLocalTrainer_AcceptAndRefuseTheSameValues(int rank, double alpha, double dropout)
    {
        using var data = new TuneData();
        var local = Record.Exception(() => new Crossover.LocalModels.LoraConfig { Rank = rank, Alpha = alpha, Dropout = dropout }.Validate());
        var export = Record.Exception(() => Export(data, new ExportOptions(TrainingTool.Axolotl, LoraRank: rank, LoraAlpha: (int)alpha, LoraDropout: dropout)));

        Assert.Equal(local is null, export is null);
        if (export is InputException error)
        {
            Assert.StartsWith("--lora-", error.Field, StringComparison.Ordinal);
            Assert.StartsWith(((InputException)local!).Field!, error.Field!["--lora-".Length..], StringComparison.Ordinal);
        }
    }
}
