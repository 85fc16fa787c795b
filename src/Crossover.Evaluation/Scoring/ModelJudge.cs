using System.Globalization;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Store;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Scoring;

/// <summary>
/// Grades one answer with a judge model. The judge's reply is parsed strictly (the bare score and nothing else); a
/// reply that does not parse, or a call that fails after retries, is a judge error, never a score. Like the
/// evaluators in Microsoft.Extensions.AI.Evaluation it returns a diagnostic instead of throwing.
/// </summary>
internal sealed class ModelJudge(IChatClient client, JudgeSpec spec)
{
    /// <summary>Grades one answer: the score or why there is none, and the call's tokens when a provider answered it (not the cache).</summary>
    public async Task<(double? Score, string? Error, JudgeUsage? Usage)> GradeAsync(string input, string expected, string output, CancellationToken cancellationToken)
    {
        var instruction = spec.Scale == JudgeScale.PassFail
            ? "Reply with exactly PASS or FAIL and nothing else."
            : "Reply with exactly one integer from 1 (worst) to 5 (best) and nothing else.";
        ChatMessage[] messages =
        [
            new(ChatRole.System, $"You grade answers to a task against a reference answer.\nRubric:\n{spec.Rubric}\n{instruction}"),
            new(ChatRole.User, $"Input:\n{input}\n\nReference answer:\n{expected}\n\nAnswer to grade:\n{output}"),
        ];
        ChatResponse response;
        try
        {
            // A reasoning judge accepts only its default temperature, so none is sent.
            response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = spec.Model.Reasoning ? null : 0 }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, "judge call failed: " + Providers.ApiKeys.Redact(ex.Message.ReplaceLineEndings(" ")), null);
        }

        var cached = response.AdditionalProperties?.TryGetValue(CallMetadata.Cached, out bool hit) == true && hit;
        var usage = cached ? null : new JudgeUsage(response.Usage?.InputTokenCount ?? 0, response.Usage?.CachedInputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
        var reply = response.Text;
        return Parse(reply, spec.Scale) is { } score
            ? (score, null, usage)
            : (null, $"judge reply is not a {(spec.Scale == JudgeScale.PassFail ? "PASS/FAIL" : "1-5")} score: '{Clip(reply)}'", usage);
    }

    /// <summary>Reads a judge reply: the whole trimmed reply must be the score.</summary>
    public static double? Parse(string reply, JudgeScale scale)
    {
        var text = reply.Trim();
        if (scale == JudgeScale.PassFail)
        {
            return text.Equals("PASS", StringComparison.OrdinalIgnoreCase) ? 1
                : text.Equals("FAIL", StringComparison.OrdinalIgnoreCase) ? 0
                : null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var grade) && grade is >= 1 and <= 5 ? (grade - 1) / 4.0 : null;
    }

    private static string Clip(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 80 ? line[..80] + "…" : line;
    }
}
