using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// Serves concurrent generation requests from one model by continuous batching: a worker thread decodes every
/// active sequence in one forward pass per step; requests that arrive meanwhile are prefilled together and join at
/// the next step boundary, and each sequence leaves the batch as soon as it finishes or its caller cancels.
/// Each sequence keeps its own sampling options, seed and stop conditions.
/// </summary>
internal sealed class ContinuousBatcher : IDisposable
{
    private readonly LocalModel _model;
    private readonly int _maxBatch;
    private readonly Queue<Request> _waiting = new();
    private readonly Lock _lock = new();
    private Task? _worker;
    private bool _disposed;

    /// <param name="model">The model to serve.</param>
    /// <param name="maxBatch">The most sequences decoded together; 1 serves one request at a time.</param>
    public ContinuousBatcher(LocalModel model, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _model = model;
        _maxBatch = maxBatch;
    }

    /// <summary>Queues a prompt; the task completes when its sequence finishes.</summary>
    public Task<GenerationResult> GenerateAsync(IReadOnlyList<int> prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var request = new Request(new DecodingSequence(prompt, options, _model), cancellationToken);

        // A caller that gives up (a timeout, Ctrl+C) is answered at once, even while its request waits for a free row;
        // the worker drops the sequence at its next step boundary.
        request.Registration = cancellationToken.Register(static r => ((Request)r!).Cancel(), request);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _waiting.Enqueue(request);
            if (_worker is null || _worker.IsCompleted)
            {
                _worker = Task.Factory.StartNew(Serve, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        return request.Completion.Task;
    }

    public void Dispose()
    {
        Task? worker;
        lock (_lock)
        {
            _disposed = true;
            worker = _worker;
        }

        // The worker fails what is left and stops at its next step boundary; the model must outlive it.
        worker?.Wait();
    }

    private void Serve()
    {
        using var noGrad = no_grad();
        var batch = new DecodingBatch(_model);
        var inFlight = new List<Request>();
        try
        {
            while (true)
            {
                List<Request> joining = [];
                lock (_lock)
                {
                    if (_disposed)
                    {
                        var gone = new ObjectDisposedException(nameof(LocalChatClient));
                        foreach (var r in inFlight.Concat(_waiting))
                        {
                            r.Fail(gone);
                        }

                        _waiting.Clear();
                        return;
                    }

                    while (inFlight.Count + joining.Count < _maxBatch && _waiting.TryDequeue(out var next))
                    {
                        if (next.CancellationToken.IsCancellationRequested)
                        {
                            next.Cancel();
                            continue;
                        }

                        joining.Add(next);
                    }

                    if (joining.Count == 0 && inFlight.Count == 0)
                    {
                        _worker = null;
                        return;
                    }
                }

                try
                {
                    var cancelled = inFlight.Where(r => r.CancellationToken.IsCancellationRequested).ToList();
                    if (cancelled.Count > 0)
                    {
                        batch.Remove(cancelled.Select(r => r.Sequence).ToHashSet());
                        foreach (var r in cancelled)
                        {
                            r.Cancel();
                            inFlight.Remove(r);
                        }
                    }

                    inFlight.AddRange(joining);
                    batch.Admit(joining.Select(r => r.Sequence).ToList());
                    batch.Step();
                }
                catch (Exception ex)
                {
                    // A failed pass leaves the shared cache unusable: fail the sequences in it and start a fresh batch.
                    foreach (var r in inFlight)
                    {
                        r.Fail(ex);
                    }

                    inFlight.Clear();
                    batch.Dispose();
                    batch = new DecodingBatch(_model);
                }

                foreach (var done in inFlight.Where(r => r.Sequence.Finished).ToList())
                {
                    done.Complete(done.Sequence.Result(_model.Tokenizer));
                    inFlight.Remove(done);
                }
            }
        }
        finally
        {
            batch.Dispose();
        }
    }

    private sealed record Request(DecodingSequence Sequence, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        public void Complete(GenerationResult result)
        {
            Completion.TrySetResult(result);
            Registration.Dispose();
        }

        public void Fail(Exception error)
        {
            Completion.TrySetException(error);
            Registration.Dispose();
        }

        /// <summary>Ends the call as cancelled; also runs from the token's callback, so it must not wait on the worker.</summary>
        public void Cancel() => Completion.TrySetCanceled(CancellationToken);
    }
}
