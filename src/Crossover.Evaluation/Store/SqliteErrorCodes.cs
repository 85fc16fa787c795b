namespace Crossover.Evaluation.Store;

/// <summary>SQLite's primary result codes that a user can do something about (https://sqlite.org/rescode.html).</summary>
internal static class SqliteErrorCodes
{
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int IoErr = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int Constraint = 19;
    public const int NotADb = 26;
}
