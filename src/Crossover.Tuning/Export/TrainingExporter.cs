using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.LocalModels;
using Crossover.Tuning.Data;
using Crossover.Tuning.Jobs;
using YamlDotNet.Serialization;

namespace Crossover.Tuning.Export;

/// <summary>
/// Writes an experiment's train split (and dev split as validation) with a config skeleton for an open-source LoRA
/// trainer: LLaMA-Factory, Axolotl or Unsloth (docs/training-exports.md). The data is validated by
/// <see cref="TrainingPreparer"/> first, so an export fails exactly where <c>tune prepare</c> would.
/// </summary>
public static class TrainingExporter
{
    /// <summary>The training data file every export writes (Hugging Face chat JSONL).</summary>
    public const string TrainFile = "train.jsonl";

    /// <summary>The validation data file, written when the experiment has a dev split.</summary>
    public const string ValidationFile = "validation.jsonl";

    /// <summary>The linear projections of Llama-family blocks (Llama, Qwen, Mistral, Gemma): what "all" means to Unsloth.</summary>
    private static readonly string[] AllLinear = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>Warm-up is this share of all optimizer steps, written as a step count (transformers 5 deprecates <c>warmup_ratio</c>).</summary>
    private const double WarmupShare = 0.1;

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>Validates the experiment's train split and writes the data and config for <see cref="ExportOptions.Tool"/> into <paramref name="folder"/>.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="options">Trainer, base model and hyper-parameters.</param>
    /// <param name="catalog">Prices and context limits for the validation.</param>
    /// <param name="folder">The output folder (created when missing).</param>
    /// <returns>The files written and the command to run.</returns>
    /// <exception cref="InputException">An option is out of range, the data fails validation, or the folder cannot be written.</exception>
    public static ExportResult Export(Experiment experiment, ExportOptions options, PriceCatalog catalog, string folder)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(folder);
        Validate(options);
        var prepared = TrainingPreparer.Prepare(experiment, new PrepareOptions(TrainingFormat.HfChat, options.Model, options.Epochs), catalog);
        var validation = TrainingPreparer.DevExamples(experiment);
        // Prepare's other warnings concern OpenAI's fine-tuning prices and availability, which an open-source trainer does not use.
        var warnings = new List<string>();
        var labels = prepared.Report.Labels;
        if (labels.Count > 0 && labels.Values.Max() >= TrainingPreparer.ImbalanceRatio * labels.Values.Min())
        {
            var rare = labels.MinBy(l => l.Value);
            warnings.Add($"label '{rare.Key}' has {rare.Value} of {prepared.Examples.Count} examples, under 1/{TrainingPreparer.ImbalanceRatio:0} of the commonest label: the tuned model will rarely predict it");
        }

        var sequence = options.SequenceLength ?? SequenceLengthFor(prepared.Report.MaxTokens);
        if (sequence < prepared.Report.MaxTokens)
        {
            var longer = prepared.Report.MaxTokens;
            warnings.Add($"--sequence-len {sequence} is below the longest example ({longer} tokens counted with {prepared.Report.Encoding}): " + options.Tool switch
            {
                TrainingTool.LlamaFactory => "LLaMA-Factory cuts longer examples to cutoff_len, prompt and answer alike, so their answers may be trained cut off",
                TrainingTool.Axolotl => "Axolotl drops examples longer than sequence_len from training",
                _ => "the script drops examples longer than MAX_SEQ_LENGTH from training",
            });
        }

        var warmup = WarmupSteps(prepared.Examples.Count, options);

        var full = Path.GetFullPath(folder);
        var files = new List<string>();
        try
        {
            Directory.CreateDirectory(full);
            files.Add(WriteData(full, TrainFile, prepared.Examples));
            if (validation.Count > 0)
            {
                files.Add(WriteData(full, ValidationFile, validation));
            }

            var hasValidation = validation.Count > 0;
            var name = DatasetName(experiment.Name);
            var command = options.Tool switch
            {
                TrainingTool.LlamaFactory => WriteLlamaFactory(full, files, options, name, sequence, warmup, hasValidation),
                TrainingTool.Axolotl => WriteAxolotl(full, files, options, sequence, warmup, hasValidation),
                _ => WriteUnsloth(full, files, options, experiment.Name, sequence, warmup, hasValidation),
            };
            return new ExportResult(full, files, prepared.Examples.Count, validation.Count, sequence, $"cd {Quote(full)} && {command}", prepared.Report, warnings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write the export: {ex.Message}", full, hint: "check the folder is writable");
        }
    }

    /// <summary>The smallest power of two at least 25 % above the longest example, and at least 512: the counts come from an OpenAI tokenizer, and open models' tokenizers count somewhat differently.</summary>
    internal static int SequenceLengthFor(int maxTokens)
    {
        var length = 512;
        while (length < maxTokens * 1.25)
        {
            length *= 2;
        }

        return length;
    }

    /// <summary>
    /// <see cref="WarmupShare"/> of all optimizer steps on one device, at least one: steps per epoch are the examples
    /// over micro-batch × gradient accumulation, rounded up, as the trainers count them.
    /// </summary>
    internal static int WarmupSteps(int examples, ExportOptions o)
    {
        var perEpoch = (examples + (o.MicroBatchSize * o.GradientAccumulation) - 1) / (o.MicroBatchSize * o.GradientAccumulation);
        return Math.Max(1, (int)Math.Ceiling(WarmupShare * perEpoch * o.Epochs));
    }

    private static void Validate(ExportOptions o)
    {
        static void Check(bool ok, string option, string problem, string hint)
        {
            if (!ok)
            {
                throw new InputException($"{option} {problem}", field: option, hint: hint);
            }
        }

        Check(!string.IsNullOrWhiteSpace(o.BaseModel) && !o.BaseModel.Any(char.IsWhiteSpace), "--base-model", $"'{o.BaseModel}' is not a model id", "give a Hugging Face id such as Qwen/Qwen2.5-1.5B-Instruct");
        TuningHyperparameters.ValidateEpochs(o.Epochs);
        LoraConfig.CheckRank(o.LoraRank, "--lora-rank");
        LoraConfig.CheckAlpha(Alpha(o), "--lora-alpha");
        LoraConfig.CheckDropout(o.LoraDropout, "--lora-dropout");
        Check(o.LearningRate is > 0 and < 1, "--learning-rate", $"{o.LearningRate.ToString(CultureInfo.InvariantCulture)} is out of range", "LoRA commonly uses 1e-4 to 3e-4");
        Check(o.SequenceLength is null or (>= 64 and <= 1_048_576), "--sequence-len", $"{o.SequenceLength} is out of range", "use 64 to 1048576");
        Check(o.MicroBatchSize is >= 1 and <= 1024, "--micro-batch-size", $"{o.MicroBatchSize} is out of range", "use 1 or more");
        Check(o.GradientAccumulation is >= 1 and <= 1024, "--gradient-accumulation", $"{o.GradientAccumulation} is out of range", "use 1 or more");
        Check(o.Template is null || (o.Template.Length > 0 && o.Template.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')), "--template", $"'{o.Template}' is not a template name", "give a name from LLaMA-Factory's template registry, or leave it out to use the model's own chat template");
        Check(Targets(o.LoraTarget).All(t => t.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')) && Targets(o.LoraTarget).Length > 0, "--lora-target", $"'{o.LoraTarget}' is not a list of module names", "use all, or names such as q_proj,v_proj");
    }

    private static string[] Targets(string target) => target.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool AllTargets(ExportOptions o) => string.Equals(o.LoraTarget.Trim(), "all", StringComparison.OrdinalIgnoreCase);

    private static string WriteData(string folder, string name, IEnumerable<TrainingExample> examples)
    {
        var path = Path.Combine(folder, name);
        AtomicFile.WriteText(path, writer => TrainingWriter.Write(examples, TrainingFormat.HfChat, writer));
        return path;
    }

    private static string WriteLlamaFactory(string folder, List<string> files, ExportOptions o, string name, int sequence, int warmup, bool hasValidation)
    {
        // LLaMA-Factory reads OpenAI-style "messages" through its sharegpt formatting with the role/content tags remapped
        // (data/README.md of hiyouga/LLaMA-Factory).
        static JsonObject Entry(string file) => new()
        {
            ["file_name"] = file,
            ["formatting"] = "sharegpt",
            ["columns"] = new JsonObject { ["messages"] = "messages" },
            ["tags"] = new JsonObject
            {
                ["role_tag"] = "role", ["content_tag"] = "content", ["user_tag"] = "user", ["assistant_tag"] = "assistant", ["system_tag"] = "system",
            },
        };

        var info = new JsonObject { [name + "_train"] = Entry(TrainFile) };
        if (hasValidation)
        {
            info[name + "_validation"] = Entry(ValidationFile);
        }

        files.Add(WriteText(folder, "dataset_info.json", info.ToJsonString(IndentedJson) + "\n"));
        var config = new Dictionary<string, object>
        {
            ["model_name_or_path"] = o.BaseModel,
            ["stage"] = "sft",
            ["do_train"] = true,
            ["finetuning_type"] = "lora",
            ["lora_rank"] = o.LoraRank,
            ["lora_alpha"] = Alpha(o),
            ["lora_dropout"] = o.LoraDropout,
            ["lora_target"] = AllTargets(o) ? "all" : string.Join(',', Targets(o.LoraTarget)),
            ["dataset_dir"] = ".",
            ["dataset"] = name + "_train",
            ["cutoff_len"] = sequence,
            ["overwrite_cache"] = true,
            ["output_dir"] = "saves/lora",
            ["logging_steps"] = 10,
            ["save_strategy"] = "epoch",
            ["plot_loss"] = true,
            ["overwrite_output_dir"] = true,
            ["per_device_train_batch_size"] = o.MicroBatchSize,
            ["gradient_accumulation_steps"] = o.GradientAccumulation,
            ["learning_rate"] = o.LearningRate,
            ["num_train_epochs"] = (double)o.Epochs,
            ["lr_scheduler_type"] = "cosine",
            ["warmup_steps"] = warmup,
            ["bf16"] = true,
        };

        // Without a template LLaMA-Factory parses the tokenizer's own chat template, the one the model was tuned and is
        // served with; a registry name replaces it (src/llamafactory/data/template.py, get_template_and_fix_tokenizer).
        if (o.Template is { } template)
        {
            config["template"] = template;
        }

        if (hasValidation)
        {
            config["eval_dataset"] = name + "_validation";
            config["per_device_eval_batch_size"] = o.MicroBatchSize;
            config["eval_strategy"] = "epoch";
        }

        files.Add(WriteText(folder, "train_lora.yaml", Yaml(config)));
        return "llamafactory-cli train train_lora.yaml";
    }

    private static string WriteAxolotl(string folder, List<string> files, ExportOptions o, int sequence, int warmup, bool hasValidation)
    {
        // Axolotl's chat_template loader reads OpenAI-style "messages" with role/content keys and, with roles_to_train
        // [assistant] and train_on_eos turn, takes the loss on the answer and its end-of-turn token only
        // (docs.axolotl.ai/docs/dataset-formats/conversation.html).
        static Dictionary<string, object> Dataset(string file, bool split)
        {
            var dataset = new Dictionary<string, object> { ["path"] = file, ["ds_type"] = "json" };
            if (split)
            {
                dataset["split"] = "train";
            }

            dataset["type"] = "chat_template";
            dataset["field_messages"] = "messages";
            dataset["message_property_mappings"] = new Dictionary<string, string> { ["role"] = "role", ["content"] = "content" };
            dataset["roles_to_train"] = new[] { "assistant" };
            dataset["train_on_eos"] = "turn";
            return dataset;
        }

        var config = new Dictionary<string, object>
        {
            ["base_model"] = o.BaseModel,
            ["chat_template"] = "tokenizer_default",
            ["datasets"] = new[] { Dataset(TrainFile, false) },
        };
        if (hasValidation)
        {
            config["test_datasets"] = new[] { Dataset(ValidationFile, true) };
        }
        else
        {
            config["val_set_size"] = 0;
        }

        config["dataset_prepared_path"] = "last_run_prepared";
        config["output_dir"] = "./outputs/lora";
        config["adapter"] = "lora";
        config["lora_r"] = o.LoraRank;
        config["lora_alpha"] = Alpha(o);
        config["lora_dropout"] = o.LoraDropout;
        if (AllTargets(o))
        {
            config["lora_target_linear"] = true;
        }
        else
        {
            config["lora_target_modules"] = Targets(o.LoraTarget);
        }

        config["sequence_len"] = sequence;
        config["sample_packing"] = false;
        config["micro_batch_size"] = o.MicroBatchSize;
        config["gradient_accumulation_steps"] = o.GradientAccumulation;
        config["num_epochs"] = o.Epochs;
        config["learning_rate"] = o.LearningRate;
        config["optimizer"] = "adamw_torch";
        config["lr_scheduler"] = "cosine";
        config["warmup_steps"] = warmup;
        if (hasValidation)
        {
            // Without a cadence Axolotl never evaluates test_datasets.
            config["evals_per_epoch"] = 1;
        }

        config["bf16"] = "auto";
        config["logging_steps"] = 10;
        files.Add(WriteText(folder, "axolotl.yaml", Yaml(config)));
        return "axolotl train axolotl.yaml";
    }

    private static string WriteUnsloth(string folder, List<string> files, ExportOptions o, string experiment, int sequence, int warmup, bool hasValidation)
    {
        var c = CultureInfo.InvariantCulture;
        var targets = AllTargets(o) ? AllLinear : Targets(o.LoraTarget);
        var dataFiles = hasValidation ? $"{{\"train\": {Py(TrainFile)}, \"validation\": {Py(ValidationFile)}}}" : $"{{\"train\": {Py(TrainFile)}}}";
        var script = string.Create(c, $$""""
            # Written by `crossover tune export --tool unsloth` for the experiment {{Py(experiment)}}.
            # LoRA fine-tuning with Unsloth (FastLanguageModel) and TRL's SFTTrainer; run: python train_unsloth.py
            # Unsloth is imported first: it patches transformers and TRL when imported, and only patches what is imported after it.
            from unsloth import FastLanguageModel

            from datasets import load_dataset
            from transformers import DataCollatorForSeq2Seq
            from trl import SFTConfig, SFTTrainer

            BASE_MODEL = {{Py(o.BaseModel)}}
            MAX_SEQ_LENGTH = {{sequence}}
            # QLoRA: the frozen base weights load quantized to 4 bits (bitsandbytes NF4), about a quarter of their 16-bit
            # memory, while the LoRA adapter trains in 16 bits. Set False for 16-bit LoRA: more memory, no quantization error.
            LOAD_IN_4BIT = True

            model, tokenizer = FastLanguageModel.from_pretrained(
                model_name=BASE_MODEL,
                max_seq_length=MAX_SEQ_LENGTH,
                load_in_4bit=LOAD_IN_4BIT,
            )
            model = FastLanguageModel.get_peft_model(
                model,
                r={{o.LoraRank}},
                lora_alpha={{Alpha(o)}},
                lora_dropout={{o.LoraDropout:R}},
                target_modules=[{{string.Join(", ", targets.Select(Py))}}],
                bias="none",
                use_gradient_checkpointing="unsloth",
                random_state=3407,
            )


            def tokenize(example):
                """Renders {"messages": [system, user, assistant]} with the model's own chat template and masks the prompt
                (label -100), so the loss is taken on the answer and its end-of-turn marker only, as LLaMA-Factory and
                Axolotl do with the same file."""
                prompt = tokenizer.apply_chat_template(example["messages"][:-1], tokenize=False, add_generation_prompt=True)
                text = tokenizer.apply_chat_template(example["messages"], tokenize=False)
                if not text.startswith(prompt):
                    raise ValueError("the chat template does not render the prompt as the start of the conversation, so the prompt cannot be masked")
                prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
                answer_ids = tokenizer(text[len(prompt):], add_special_tokens=False)["input_ids"]
                return {
                    "input_ids": prompt_ids + answer_ids,
                    "attention_mask": [1] * (len(prompt_ids) + len(answer_ids)),
                    "labels": [-100] * len(prompt_ids) + answer_ids,
                }


            dataset = load_dataset("json", data_files={{dataFiles}})
            dataset = dataset.map(tokenize, remove_columns=["messages"])
            # Like Axolotl, drop examples longer than MAX_SEQ_LENGTH rather than train on answers cut off.
            for split in dataset:
                kept = dataset[split].filter(lambda example: len(example["input_ids"]) <= MAX_SEQ_LENGTH)
                if len(kept) < len(dataset[split]):
                    print(f"dropped {len(dataset[split]) - len(kept)} {split} examples longer than {MAX_SEQ_LENGTH} tokens")
                dataset[split] = kept

            trainer = SFTTrainer(
                model=model,
                processing_class=tokenizer,
                train_dataset=dataset["train"],
                eval_dataset={{(hasValidation ? "dataset[\"validation\"]" : "None")}},
                data_collator=DataCollatorForSeq2Seq(tokenizer=tokenizer, padding=True),
                args=SFTConfig(
                    max_length=MAX_SEQ_LENGTH,
                    dataset_kwargs={"skip_prepare_dataset": True},
                    per_device_train_batch_size={{o.MicroBatchSize}},
                    gradient_accumulation_steps={{o.GradientAccumulation}},
                    num_train_epochs={{o.Epochs}},
                    learning_rate={{o.LearningRate:R}},
                    lr_scheduler_type="cosine",
                    warmup_steps={{warmup}},
                    logging_steps=10,
                    eval_strategy={{(hasValidation ? "\"epoch\"" : "\"no\"")}},
                    output_dir="outputs",
                    seed=3407,
                    report_to="none",
                ),
            )
            trainer.train()
            model.save_pretrained("lora_model")
            tokenizer.save_pretrained("lora_model")

            """");
        files.Add(WriteText(folder, "train_unsloth.py", script));
        return "python train_unsloth.py";
    }

    private static int Alpha(ExportOptions o) => o.LoraAlpha ?? 2 * o.LoraRank;

    /// <summary>A Python string literal: JSON's escaping is valid Python for any text.</summary>
    private static string Py(string text) => JsonSerializer.Serialize(text);

    private static string Yaml(object config) => new SerializerBuilder().Build().Serialize(config);

    private static string WriteText(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        AtomicFile.WriteText(path, text);
        return path;
    }

    private static string DatasetName(string experiment)
    {
        var name = new string([.. experiment.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' ? ch : '_')]);
        return name.Length == 0 ? "crossover" : name;
    }

    private static string Quote(string path) => path.Any(ch => char.IsWhiteSpace(ch) || ch is '\'' or '"' or '$' or '&' or ';') ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : path;
}
