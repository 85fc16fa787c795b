using System.Globalization;
using Crossover.Evaluation.Experiments;
using Crossover.LocalModels;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// Jobs trained in this process: a LoRA adapter on a local Hugging Face model folder (validated on the validation file
/// each epoch, when there is one), written to the workspace's <c>adapters/JOB</c>, with per-epoch losses as events.
/// </summary>
internal sealed class LocalLoraBackend : ITuningBackend
{
    /// <summary>The learning rate <see cref="TuningHyperparameters.LearningRateMultiplier"/> scales (the local trainer's default).</summary>
    public const double BaseLearningRate = 2e-4;

    public string Name => TuningJobs.LocalBackend;

    public TuningTarget Target(TuningRequest request) => new(TuningJobs.LocalBackend, Path.GetFullPath(request.BaseModel));

    public Task<TuningJob> StartAsync(TuningJob job, bool resuming, TuningBackendContext context, CancellationToken cancellationToken)
    {
        var hp = job.Hyperparameters;
        var defaults = new TrainingOptions();
        var options = new TrainingOptions
        {
            Epochs = hp.Epochs ?? defaults.Epochs,
            BatchSize = hp.BatchSize ?? defaults.BatchSize,
            LearningRate = BaseLearningRate * (hp.LearningRateMultiplier ?? 1),
            Seed = hp.Seed ?? defaults.Seed,
        };
        var adapter = context.Workspace.Adapter(job.Id);
        var examples = TrainingExample.ReadJsonl(job.TrainingFile);
        var validation = job.ValidationFile is { } v ? TrainingExample.ReadJsonl(v) : [];
        using var model = LocalModel.Load(job.BaseModel);
        var report = LoraTrainer.Train(model, examples, validation, options, context.TrainingProgress, context.Time, cancellationToken);
        model.SaveAdapter(adapter);
        context.AddEvents(job, report.Epochs.Select(e => new TuningJobEvent(
            string.Create(CultureInfo.InvariantCulture, $"local-epoch-{e.Epoch}"), context.Time.GetUtcNow(), "info",
            string.Create(CultureInfo.InvariantCulture, $"epoch {e.Epoch}: train loss {e.TrainLoss:0.0000}")
            + (e.ValidationLoss is { } loss ? string.Create(CultureInfo.InvariantCulture, $", validation loss {loss:0.0000}") : string.Empty))));
        return Task.FromResult(job with { Status = TuningJobStatus.Succeeded, FineTunedModel = adapter, TrainedTokens = report.TrainedTokens });
    }

    public ModelSpec Candidate(TuningJob job) => new(TuningJobs.LocalBackend, job.BaseModel, null, null, null, null, null, null, job.FineTunedModel);
}
