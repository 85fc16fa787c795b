using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using YamlDotNet.Serialization;

namespace Crossover.Tuning.Tests;

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
        Assert.Equal("llama3", config["template"]);
        Assert.Equal("512", config["cutoff_len"]);
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
        Assert.True(config.ContainsKey("output_dir"));
        var datasets = (List<object>)config["datasets"];
        var tests = (List<object>)config["test_datasets"];
        foreach (Dictionary<object, object> dataset in datasets.Concat(tests))
        {
            Assert.Equal("chat_template", dataset["type"]);
            Assert.Equal("json", dataset["ds_type"]);
            Assert.Equal("messages", dataset["field_messages"]);
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
        Assert.Contains("from unsloth import FastLanguageModel", script, StringComparison.Ordinal);
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
        Assert.Equal("qwen", Yaml(Path.Combine(llama.Folder, "train_lora.yaml"))["template"]);
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

    [Fact]
    public void UnknownModelFamily_WarnsAndUsesDefaultTemplate()
    {
        using var data = new TuneData();
        var result = Export(data, new ExportOptions(TrainingTool.LlamaFactory, "acme/brand-new-7b"));

        Assert.Equal("default", Yaml(Path.Combine(result.Folder, "train_lora.yaml"))["template"]);
        Assert.Contains(result.Warnings, w => w.Contains("--template", StringComparison.Ordinal));
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
}
