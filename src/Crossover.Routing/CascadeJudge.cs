using Microsoft.Extensions.AI;

namespace Crossover.Routing;

/// <summary>Grades a stage's answer for the judge gate: a score from 0 (wrong) to 1 (right), and the judge call's usage so the cascade can count it.</summary>
/// <param name="messages">The request.</param>
/// <param name="answer">The stage's answer.</param>
/// <param name="cancellationToken">Cancels the call.</param>
/// <returns>The score (null when the judge gave none, which escalates) and the judge call's usage.</returns>
public delegate Task<(double? Score, UsageDetails? Usage)> CascadeJudge(IReadOnlyList<ChatMessage> messages, ChatResponse answer, CancellationToken cancellationToken);
