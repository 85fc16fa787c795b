using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// LoRA supervised fine-tuning: base weights frozen, loss on the answer tokens only, AdamW with linear warm-up and
/// cosine decay, gradient accumulation and clipping, validation loss per epoch with early stopping (the best adapter is
/// kept), checkpoints every N steps and resume from one.
/// </summary>
public static class LoraTrainer
{
    private const long IgnoreIndex = -100;

    /// <summary>Trains a new adapter on <paramref name="model"/> (or continues the checkpoint in <see cref="TrainingOptions.ResumeFrom"/>).</summary>
    /// <param name="model">The base model; it must not have an adapter yet.</param>
    /// <param name="train">Training examples.</param>
    /// <param name="validation">Validation examples, or empty.</param>
    /// <param name="options">Hyper-parameters.</param>
    /// <param name="progress">Told after every optimizer step.</param>
    /// <param name="time">The clock for throughput and ETA.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>Losses per step and epoch.</returns>
    /// <exception cref="InputException">Bad options, or a checkpoint that does not fit.</exception>
    public static TrainingReport Train(LocalModel model, IReadOnlyList<TrainingExample> train, IReadOnlyList<TrainingExample> validation,
        TrainingOptions options, IProgress<TrainingProgress>? progress = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Count == 0)
        {
            throw new InputException("no training examples");
        }

        time ??= TimeProvider.System;
        manual_seed(options.Seed);
        var startStep = 0;
        if (options.ResumeFrom is { } resume)
        {
            model.LoadAdapter(resume);
            startStep = ReadState(resume);
        }
        else
        {
            model.AddAdapter(options.Lora, options.Seed);
        }

        var trainSet = train.Select(e => Tokenize(model, e, options.MaxSequenceLength)).ToList();
        var validationSet = validation.Select(e => Tokenize(model, e, options.MaxSequenceLength)).ToList();
        var parameters = model.AdapterParameters.ToList();
        using var optimizer = optim.AdamW(parameters, options.LearningRate, 0.9, 0.999, 1e-8, options.WeightDecay, false, false);
        if (options.ResumeFrom is { } from && File.Exists(Path.Combine(from, "optimizer.bin")))
        {
            optimizer.load_state_dict(Path.Combine(from, "optimizer.bin"));
        }

        var microBatches = (trainSet.Count + options.BatchSize - 1) / options.BatchSize;
        var stepsPerEpoch = (microBatches + options.GradientAccumulation - 1) / options.GradientAccumulation;
        var totalSteps = stepsPerEpoch * options.Epochs;
        var warmup = (int)Math.Ceiling(options.WarmupRatio * totalSteps);
        var steps = new List<TrainingProgress>();
        var epochs = new List<EpochResult>();
        var best = (Loss: double.PositiveInfinity, Weights: (List<Tensor>?)null);
        var sinceBest = 0;
        var stoppedEarly = false;
        var started = time.GetTimestamp();
        long tokens = 0;
        long trainedTokens = 0;
        var step = startStep;
        model.Transformer.Training = true;
        try
        {
            for (var epoch = step / stepsPerEpoch; epoch < options.Epochs && !stoppedEarly; epoch++)
            {
                var order = Enumerable.Range(0, trainSet.Count).ToArray();
                new Random(options.Seed + epoch).Shuffle(order);
                double epochLoss = 0;
                var epochSteps = 0;
                var firstStepOfEpoch = step - epoch * stepsPerEpoch;
                for (var s = firstStepOfEpoch; s < stepsPerEpoch; s++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    double stepLoss = 0;
                    var micro = Enumerable.Range(s * options.GradientAccumulation, options.GradientAccumulation).Where(m => m < microBatches).ToList();
                    foreach (var m in micro)
                    {
                        var batch = order.Skip(m * options.BatchSize).Take(options.BatchSize).Select(i => trainSet[i]).ToList();
                        using var scope = NewDisposeScope();
                        var loss = Loss(model, batch, out var count);
                        (loss / micro.Count).backward();
                        stepLoss += loss.item<float>() / micro.Count;
                        tokens += count;
                        trainedTokens += batch.Sum(b => (long)b.Ids.Length);
                    }

                    if (options.MaxGradNorm > 0)
                    {
                        nn.utils.clip_grad_norm_(parameters, options.MaxGradNorm);
                    }

                    var lr = Schedule(step, warmup, totalSteps, options.LearningRate);
                    foreach (var group in optimizer.ParamGroups)
                    {
                        group.LearningRate = lr;
                    }

                    optimizer.step();
                    optimizer.zero_grad();
                    step++;
                    epochLoss += stepLoss;
                    epochSteps++;
                    var elapsed = time.GetElapsedTime(started).TotalSeconds;
                    var perStep = elapsed / (step - startStep);
                    var report = new TrainingProgress(step, totalSteps, epoch + 1, stepLoss, lr, elapsed > 0 ? tokens / elapsed : 0, TimeSpan.FromSeconds(perStep * (totalSteps - step)));
                    steps.Add(report);
                    progress?.Report(report);
                    if (options.CheckpointEvery > 0 && step % options.CheckpointEvery == 0)
                    {
                        SaveCheckpoint(model, optimizer, Path.Combine(options.CheckpointDirectory!, $"checkpoint-{step}"), step);
                    }
                }

                double? validationLoss = validationSet.Count > 0 ? Evaluate(model, validationSet, options.BatchSize) : null;
                epochs.Add(new EpochResult(epoch + 1, epochSteps > 0 ? epochLoss / epochSteps : double.NaN, validationLoss));
                if (validationLoss is { } v)
                {
                    if (v < best.Loss)
                    {
                        DisposeAll(best.Weights);
                        best = (v, parameters.Select(p => p.detach().clone()).ToList());
                        sinceBest = 0;
                    }
                    else if (options.EarlyStoppingPatience > 0 && ++sinceBest >= options.EarlyStoppingPatience)
                    {
                        stoppedEarly = true;
                    }
                }
            }
        }
        finally
        {
            model.Transformer.Training = false;
        }

        if (best.Weights is { } bestWeights)
        {
            using var noGrad = no_grad();
            for (var i = 0; i < parameters.Count; i++)
            {
                parameters[i].copy_(bestWeights[i]);
            }

            DisposeAll(bestWeights);
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        return new TrainingReport(steps, epochs, stoppedEarly, seconds > 0 ? tokens / seconds : 0, trainedTokens);
    }

    /// <summary>Mean loss over the answer tokens of the examples (no gradients, dropout off).</summary>
    /// <param name="model">The model, with or without an adapter.</param>
    /// <param name="examples">The examples.</param>
    /// <param name="batchSize">Examples per forward pass.</param>
    /// <returns>The mean cross-entropy per answer token.</returns>
    public static double Evaluate(LocalModel model, IReadOnlyList<TrainingExample> examples, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        return Evaluate(model, examples.Select(e => Tokenize(model, e, int.MaxValue)).ToList(), batchSize);
    }

    /// <summary>Learning rate at a step: linear warm-up to the peak, then cosine decay to 0.</summary>
    internal static double Schedule(int step, int warmup, int total, double peak)
    {
        if (step < warmup)
        {
            return peak * (step + 1) / warmup;
        }

        var progress = total > warmup ? (double)(step - warmup) / (total - warmup) : 1;
        return peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>Prompt tokens (rendered with the chat template) followed by answer tokens and the end-of-turn token.</summary>
    internal static (int[] Ids, int PromptLength) Tokenize(LocalModel model, TrainingExample example, int maxLength)
    {
        var prompt = model.EncodeChat(example.Messages);
        var answer = model.Tokenizer.Encode(example.Completion, addSpecialTokens: false).Concat(model.EndOfAnswerIds.Take(1)).ToArray();
        var ids = prompt.Concat(answer).Take(maxLength).ToArray();
        return (ids, Math.Min(prompt.Count, ids.Length));
    }

    private static double Evaluate(LocalModel model, List<(int[] Ids, int PromptLength)> set, int batchSize)
    {
        var training = model.Transformer.Training;
        model.Transformer.Training = false;
        try
        {
            using var noGrad = no_grad();
            double total = 0;
            long count = 0;
            for (var i = 0; i < set.Count; i += batchSize)
            {
                using var scope = NewDisposeScope();
                var loss = Loss(model, set.Skip(i).Take(batchSize).ToList(), out var n);
                total += loss.item<float>() * n;
                count += n;
            }

            return count > 0 ? total / count : double.NaN;
        }
        finally
        {
            model.Transformer.Training = training;
        }
    }

    /// <summary>Cross-entropy of next-token prediction on answer tokens only (prompt and padding ignored).</summary>
    private static Tensor Loss(LocalModel model, List<(int[] Ids, int PromptLength)> batch, out long answerTokens)
    {
        var device = model.Transformer.Device;
        var length = batch.Max(b => b.Ids.Length);
        var ids = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        var labels = new long[batch.Count * length];
        Array.Fill(labels, IgnoreIndex);
        answerTokens = 0;
        for (var b = 0; b < batch.Count; b++)
        {
            var (tokens, promptLength) = batch[b];
            for (var t = 0; t < tokens.Length; t++)
            {
                ids[b * length + t] = tokens[t];
                mask[b * length + t] = 1;
                if (t >= promptLength)
                {
                    labels[b * length + t] = tokens[t];
                    answerTokens++;
                }
            }
        }

        var logits = model.Transformer.Forward(tensor(ids, [batch.Count, length], device: device), tensor(mask, [batch.Count, length], device: device));
        var target = tensor(labels, [batch.Count, length], device: device);
        var vocab = logits.shape[^1];
        return nn.functional.cross_entropy(logits[.., ..(int)(length - 1)].reshape(-1, vocab), target[.., 1..].reshape(-1), ignore_index: IgnoreIndex);
    }

    private static void SaveCheckpoint(LocalModel model, TorchSharp.Modules.OptimizerHelper optimizer, string directory, int step)
    {
        model.SaveAdapter(directory);
        optimizer.save_state_dict(Path.Combine(directory, "optimizer.bin"));
        File.WriteAllText(Path.Combine(directory, "trainer_state.json"), new JsonObject { ["global_step"] = step }.ToJsonString());
    }

    private static int ReadState(string directory)
    {
        var file = Path.Combine(directory, "trainer_state.json");
        if (!File.Exists(file))
        {
            throw new InputException("not a training checkpoint (no trainer_state.json)", file: directory, hint: "resume from a checkpoint-STEP folder written with --checkpoint-every");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(file))?["global_step"]?.GetValue<int>() ?? throw new InputException("missing global_step", file: file, field: "global_step");
        }
        catch (JsonException ex)
        {
            throw new InputException($"not valid JSON: {ex.Message}", file: file);
        }
    }

    private static void DisposeAll(List<Tensor>? tensors)
    {
        foreach (var t in tensors ?? [])
        {
            t.Dispose();
        }
    }
}
