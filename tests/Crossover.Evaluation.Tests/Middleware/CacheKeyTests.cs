using System.Security.Cryptography;
using System.Text;
using Crossover.Evaluation.Middleware;

namespace Crossover.Evaluation.Tests.Middleware;

public sealed class CacheKeyTests
{
    /// <summary>
    /// A cache key must not change between versions, or every store's cached answers stop answering: hashing the key
    /// text chunk by chunk must give the hash of the whole string's UTF-8 bytes, whatever the text (surrogate pairs
    /// across chunk boundaries, lone surrogates, long prompts spanning many chunks).
    /// </summary>
    [Fact]
    public void ChunkedHash_EqualsTheHashOfTheWholeString()
    {
        var random = new Random(16);
        string[] pieces = ["a", "é", "\ud83d\ude00", "\ud83d", "\ude00", "\n", "|", "€", " ", "Route the ticket"];
        for (var trial = 0; trial < 300; trial++)
        {
            var builder = new StringBuilder();
            var parts = random.Next(1, trial % 10 == 0 ? 4000 : 40);
            for (var i = 0; i < parts; i++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));

            Assert.Equal(expected, CachingChatClient.Hash(builder));
        }
    }
}
