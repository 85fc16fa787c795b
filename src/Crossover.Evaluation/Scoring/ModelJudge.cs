using System.Globalization;
using Crossover.Evaluation.Experiments;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Scoring;

/// <summary>
/// Grades one answer with a judge model. The judge's reply is parsed strictly (the bare score and nothing else); a
/// reply that does not parse, or a call that fails after retries, is a judge error, never a score. Like the
/// evaluators in Microsoft.Extensions.AI.Evaluation it returns a diagnostic instead of throwing.
/// </summary>
internal sealed class ModelJudge(IChatClient client, JudgeSpec spec)
{
    public async Task<(double? Score, string? Error)> GradeAsync(string input, string expected, string output, CancellationToken cancellationToken)
    {
        var instruction = spec.Scale == JudgeScale.PassFail
            ? "Reply with exactly PASS or FAIL and nothing else."
            : "Reply with exactly one integer from 1 (worst) to 5 (best) and nothing else.";
        ChatMessage[] messages =
        [
            new(ChatRole.System, $"You grade answers to a task against a reference answer.\nRubric:\n{spec.Rubric}\n{instruction}"),
            new(ChatRole.User, $"Input:\n{input}\n\nReference answer:\n{expected}\n\nAnswer to grade:\n{output}"),
        ];
        string reply;
        try
        {
            var response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = 0 }, cancellationToken);
            reply = response.Text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, "judge call failed: " + ex.Message.ReplaceLineEndings(" "));
        }

        return Parse(reply, spec.Scale) is { } score
            ? (score, null)
            : (null, $"judge reply is not a {(spec.Scale == JudgeScale.PassFail ? "PASS/FAIL" : "1-5")} score: '{Clip(reply)}'");
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
