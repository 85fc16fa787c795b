using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossover.Core.Formatting;
using Crossover.Core.Input;
using Crossover.LocalModels;

namespace Crossover.Cli.Commands;

/// <summary><c>crossover local generate|train|merge|export|bench</c>: run and LoRA-tune open Llama-family models in process.</summary>
internal static class LocalCommand
{
    public static Command Create(CliContext context) =>
        new("local", "Run and LoRA-fine-tune open Llama-family models in process (see docs/local-engine.md).")
        {
            Generate(context), Train(context), Merge(context), Export(context), Bench(context),
        };

    private static Command Generate(CliContext context)
    {
        var model = new Argument<string>("model-dir") { Description = "A Hugging Face model folder." };
        var prompt = new Option<string>("--prompt") { Description = "The prompt text.", Required = true };
        var adapter = new Option<string?>("--adapter") { Description = "A PEFT LoRA adapter folder." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "The most new tokens.", DefaultValueFactory = _ => 256 };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature; 0 = greedy.", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling threshold.", DefaultValueFactory = _ => 1 };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most likely tokens (0 = all)." };
        var seed = new Option<int>("--seed") { Description = "Sampling seed." };
        var stop = new Option<string[]>("--stop") { Description = "A stop string (repeatable).", AllowMultipleArgumentsPerToken = false };
        var stopId = new Option<int[]>("--stop-id") { Description = "A stop token id (repeatable); default the model's EOS." };
        var int8 = new Option<bool>("--int8") { Description = "Decode with weight-only int8 copies of the matrices (faster, approximate; docs/local-engine.md)." };
        var command = new Command("generate", "Generate a continuation; only the generated text (and a newline) goes to stdout, timing to stderr.")
        {
            model, prompt, adapter, maxTokens, temperature, topP, topK, seed, stop, stopId, int8,
        };
        command.SetAction((parse, ct) =>
        {
            using var local = LocalModel.Load(parse.GetValue(model)!, parse.GetValue(adapter));
            local.Int8Decoding = parse.GetValue(int8);
            var ids = parse.GetValue(stopId);
            var result = local.Generate(parse.GetValue(prompt)!, new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxTokens),
                Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                TopK = parse.GetValue(topK),
                Seed = parse.GetValue(seed),
                StopStrings = parse.GetValue(stop) ?? [],
                StopTokenIds = ids is { Length: > 0 } ? ids : null,
            }, ct);
            // The text ends with a newline, so the summary on stderr never lands on its last line in a terminal.
            context.Out.WriteLine(result.Text);
            context.Error.WriteLine($"{result.PromptTokens} prompt tokens, {result.TokenIds.Count} generated, finish: {result.FinishReason}");
            if (local.Int8Decoding)
            {
                // Int8 changes the model being run, so the output says it rests on that approximation.
                context.Error.WriteLine("decoded with weight-only int8 copies of the matrices: an approximation of the model (docs/local-engine.md)");
            }

            if (result.Timing is { } t)
            {
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"prefill {t.PromptTokens} tokens in {t.PrefillSeconds * 1000:0.0} ms ({t.PrefillTokensPerSecond:0} tok/s), decode {t.DecodedTokens} tokens in {t.DecodeSeconds * 1000:0.0} ms ({t.DecodeTokensPerSecond:0.0} tok/s)"));
            }
            return Task.FromResult(CrossoverCli.Ok);
        });
        return command;
    }

    private static Command Train(CliContext context)
    {
        var model = new Argument<string>("model-dir") { Description = "A Hugging Face model folder." };
        var data = new Option<string>("--data") { Description = "Training JSONL: {\"prompt\",\"completion\"} or {\"messages\"} lines.", Required = true };
        var validation = new Option<string?>("--validation") { Description = "Validation JSONL in the same shape." };
        var output = new Option<string>("--out") { Description = "The adapter folder to write (PEFT layout).", Required = true };
        var defaults = new TrainingOptions();
        var rank = new Option<int>("--lora-rank", "--rank") { DefaultValueFactory = _ => defaults.Lora.Rank, Description = "LoRA rank (as in tune export; --rank also works)." };
        var alpha = new Option<double>("--lora-alpha", "--alpha") { DefaultValueFactory = _ => defaults.Lora.Alpha, Description = "LoRA alpha (as in tune export; --alpha also works)." };
        var dropout = new Option<double>("--dropout") { DefaultValueFactory = _ => defaults.Lora.Dropout, Description = "LoRA dropout." };
        var targets = new Option<string>("--target-modules") { DefaultValueFactory = _ => string.Join(',', defaults.Lora.TargetModules), Description = "Comma-separated projections." };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => defaults.Epochs, Description = "Passes over the data." };
        var lr = new Option<double>("--learning-rate") { DefaultValueFactory = _ => defaults.LearningRate, Description = "Peak learning rate." };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => defaults.BatchSize, Description = "Examples per micro-batch." };
        var accumulation = new Option<int>("--grad-accum") { DefaultValueFactory = _ => defaults.GradientAccumulation, Description = "Micro-batches per step." };
        var warmup = new Option<double>("--warmup-ratio") { DefaultValueFactory = _ => defaults.WarmupRatio, Description = "Warm-up fraction of steps." };
        var clip = new Option<double>("--max-grad-norm") { DefaultValueFactory = _ => defaults.MaxGradNorm, Description = "Gradient clipping norm (0 = off)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => defaults.Seed, Description = "Seed." };
        var maxLength = new Option<int>("--max-seq-len") { DefaultValueFactory = _ => defaults.MaxSequenceLength, Description = "Token limit per example." };
        var patience = new Option<int>("--early-stopping") { Description = "Epochs without validation improvement before stopping (0 = off)." };
        var every = new Option<int>("--checkpoint-every") { Description = "Save a checkpoint every N steps into OUT/checkpoints." };
        var resume = new Option<string?>("--resume") { Description = "A checkpoint folder to resume from." };
        var command = new Command("train", "LoRA supervised fine-tuning; writes adapter_config.json + adapter_model.safetensors.")
        {
            model, data, validation, output, rank, alpha, dropout, targets, epochs, lr, batch, accumulation, warmup, clip, seed, maxLength, patience, every, resume,
        };
        command.SetAction((parse, ct) =>
        {
            var outDir = parse.GetValue(output)!;
            var options = new TrainingOptions
            {
                Lora = new LoraConfig
                {
                    Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Dropout = parse.GetValue(dropout),
                    TargetModules = parse.GetValue(targets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                },
                Epochs = parse.GetValue(epochs), LearningRate = parse.GetValue(lr), BatchSize = parse.GetValue(batch),
                GradientAccumulation = parse.GetValue(accumulation), WarmupRatio = parse.GetValue(warmup), MaxGradNorm = parse.GetValue(clip),
                Seed = parse.GetValue(seed), MaxSequenceLength = parse.GetValue(maxLength), EarlyStoppingPatience = parse.GetValue(patience),
                CheckpointEvery = parse.GetValue(every), CheckpointDirectory = Path.Combine(outDir, "checkpoints"), ResumeFrom = parse.GetValue(resume),
            };
            options.Validate();
            var train = TrainingExample.ReadJsonl(parse.GetValue(data)!);
            var validationSet = parse.GetValue(validation) is { } v ? TrainingExample.ReadJsonl(v) : [];
            if (options.EarlyStoppingPatience > 0 && validationSet.Count == 0)
            {
                throw new InputException("early stopping needs validation data", field: "early-stopping", hint: "add --validation FILE");
            }

            using var local = LocalModel.Load(parse.GetValue(model)!);
            var progress = new TrainingProgressLines(context);
            var report = LoraTrainer.Train(local, train, validationSet, options, progress, context.Time, ct);
            local.SaveAdapter(outDir);
            foreach (var e in report.Epochs)
            {
                context.Error.WriteLine(FormattableString.Invariant($"epoch {e.Epoch}: train loss {e.TrainLoss:0.0000}{(e.ValidationLoss is { } vl ? $", validation loss {vl:0.0000}" : "")}"));
            }

            context.Out.WriteLine(JsonSerializer.Serialize(new { adapter = Path.GetFullPath(outDir), report.Epochs, report.StoppedEarly, report.TokensPerSecond }, JsonOutput.Options));
            return Task.FromResult(CrossoverCli.Ok);
        });
        return command;
    }

    private static Command Merge(CliContext context)
    {
        var model = new Argument<string>("model-dir") { Description = "The base model folder." };
        var adapter = new Argument<string>("adapter-dir") { Description = "The PEFT LoRA adapter folder." };
        var output = new Option<string>("--out") { Description = "The merged model folder to write.", Required = true };
        var command = new Command("merge", "Add a LoRA adapter into the base weights and save a complete model folder.") { model, adapter, output };
        command.SetAction(parse =>
        {
            using var local = LocalModel.Load(parse.GetValue(model)!, parse.GetValue(adapter)!);
            local.MergeAndSave(parse.GetValue(output)!);
            context.Out.WriteLine(Path.GetFullPath(parse.GetValue(output)!));
            return CrossoverCli.Ok;
        });
        return command;
    }

    private static Command Export(CliContext context)
    {
        var model = new Argument<string>("model-dir") { Description = "A Hugging Face model folder (plain Llama: no biases or rope scaling)." };
        var llama2c = new Option<string>("--llama2c") { Description = "The llama2.c model file to write (version-0 .bin, as run.c reads it).", Required = true };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Also write the tokenizer in llama2.c's tokenizer.bin format to this file." };
        var command = new Command("export", "Write a model in llama2.c's format, to run it with run.c beside this engine.") { model, llama2c, tokenizer };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(model)!;
            using var local = LocalModel.Load(directory);
            Llama2cExport.WriteModel(local, parse.GetValue(llama2c)!);
            context.Out.WriteLine(Path.GetFullPath(parse.GetValue(llama2c)!));
            if (parse.GetValue(tokenizer) is { } tokenizerFile)
            {
                Llama2cExport.WriteTokenizer(local, directory, tokenizerFile);
                context.Out.WriteLine(Path.GetFullPath(tokenizerFile));
            }

            return CrossoverCli.Ok;
        });
        return command;
    }

    private static Command Bench(CliContext context)
    {
        var small = new Option<bool>("--small-only") { Description = "Skip the ~100M model." };
        var threads = new Option<int>("--threads") { Description = "TorchSharp intra-op threads (0 = its default, one per core)." };
        var decode = new Option<bool>("--decode") { Description = "Compare batch-1 decoding (libtorch's products, the engine's fp32 and int8 steps) with the memory-bandwidth bound on llama2.c's stories15M/110M shapes." };
        var command = new Command("bench", "Measure matmul GFLOP/s and prefill/decode/LoRA-training throughput on random ~10M and ~100M Llamas.") { small, threads, decode };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) > 0)
            {
                TorchSharp.torch.set_num_threads(parse.GetValue(threads));
            }

            if (parse.GetValue(decode))
            {
                var comparison = LocalBenchmark.RunDecode(line => context.Error.WriteLine(line), !parse.GetValue(small));
                context.Out.WriteLine(JsonSerializer.Serialize(comparison, JsonOutput.Options));
                return CrossoverCli.Ok;
            }

            var report = LocalBenchmark.Run(line => context.Error.WriteLine(line), !parse.GetValue(small));
            context.Out.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
            return CrossoverCli.Ok;
        });
        return command;
    }

}
