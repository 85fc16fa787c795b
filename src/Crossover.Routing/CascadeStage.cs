using Microsoft.Extensions.AI;

namespace Crossover.Routing;

/// <summary>One stage of a cascade: a name (reported in the response) and the client that answers.</summary>
/// <param name="Name">The stage's name, e.g. the candidate's name in the run.</param>
/// <param name="Client">The client.</param>
public sealed record CascadeStage(string Name, IChatClient Client);
