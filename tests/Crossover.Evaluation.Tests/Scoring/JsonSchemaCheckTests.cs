using System.Text.Json;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Scoring;

namespace Crossover.Evaluation.Tests;

public sealed class JsonSchemaCheckTests
{
    // Keywords the hand-written subset (type, properties, required, additionalProperties: false, enum, items,
    // minimum, maximum) ignored, so an answer breaking them scored as schema-valid. Each row: schema, an answer that
    // satisfies it, an answer that does not, and the start of the diagnostic that names the field.
    [Theory]
    [InlineData(
        """{"$defs":{"address":{"type":"object","properties":{"zip":{"type":"string"}},"required":["zip"]}},"type":"object","properties":{"home":{"$ref":"#/$defs/address"}}}""",
        """{"home":{"zip":"75001"}}""", """{"home":{"city":"Paris"}}""", "$.home.zip is required")]
    [InlineData(
        """{"type":"object","properties":{"amount":{"oneOf":[{"type":"number"},{"type":"string","pattern":"^[0-9]+$"}]}}}""",
        """{"amount":"12"}""", """{"amount":true}""", "$.amount fits none of the oneOf choices")]
    [InlineData(
        """{"type":"object","properties":{"order":{"type":"string","pattern":"^A-[0-9]+$"}}}""",
        """{"order":"A-17"}""", """{"order":"B-17"}""", "$.order: ")]
    [InlineData(
        """{"type":"object","properties":{"email":{"type":"string","format":"email"}}}""",
        """{"email":"ana@example.com"}""", """{"email":"ana at example"}""", "$.email: ")]
    [InlineData(
        """{"type":"object","properties":{"due":{"type":"string","format":"date"}}}""",
        """{"due":"2025-02-28"}""", """{"due":"2025-02-30"}""", "$.due: ")]
    [InlineData(
        """{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","minLength":2},"maxItems":2}}}""",
        """{"tags":["ab","cd"]}""", """{"tags":["ab","c"]}""", "$.tags[1]: ")]
    [InlineData(
        """{"type":"object","properties":{"kind":{"const":"refund"}}}""",
        """{"kind":"refund"}""", """{"kind":"credit"}""", "$.kind: ")]
    [InlineData(
        """{"type":"object","properties":{"refund":{"type":"boolean"},"amount":{"type":"number"}},"if":{"properties":{"refund":{"const":true}}},"then":{"required":["amount"]}}""",
        """{"refund":false}""", """{"refund":true}""", "$.amount is required")]
    [InlineData(
        """{"type":"object","dependentRequired":{"currency":["amount"]}}""",
        """{"currency":"EUR","amount":3}""", """{"currency":"EUR"}""", "$: ")]
    [InlineData(
        """{"type":"object","properties":{"a":{"type":"integer"}},"unevaluatedProperties":false}""",
        """{"a":1}""", """{"a":1,"b":2}""", "$.b is not allowed")]
    public void KeywordsBeyondTheOldSubset_AreEnforced(string schema, string valid, string invalid, string diagnostic)
    {
        using var schemaDocument = JsonDocument.Parse(schema);
        using var validDocument = JsonDocument.Parse(valid);
        using var invalidDocument = JsonDocument.Parse(invalid);

        Assert.Null(JsonSchemaCheck.Validate(schemaDocument.RootElement, validDocument.RootElement));
        var problem = JsonSchemaCheck.Validate(schemaDocument.RootElement, invalidDocument.RootElement);
        Assert.NotNull(problem);
        Assert.StartsWith(diagnostic, problem, StringComparison.Ordinal);
        Assert.Null(JsonSchemaCheck.Problem(schema));
    }

    [Theory]
    [InlineData("""{"order":"A-17","amount":12.5}""", null)]
    [InlineData("""{"order":"A-17"}""", "$.amount is required")]
    [InlineData("""{"order":"A-17","amount":12.5,"note":"x"}""", "$.note is not allowed")]
    [InlineData("""{"order":17,"amount":12.5}""", "$.order: ")]
    [InlineData("""{"order":"A-17","amount":-1}""", "$.amount: ")]
    [InlineData("""{"order":"A-17","amount":1,"lines":[{"sku":"x"},{"sku":3}]}""", "$.lines[1].sku: ")]
    [InlineData("[1]", "$: ")]
    public void Diagnostics_NameTheFieldAsAJsonPath(string answer, string? diagnostic)
    {
        const string Schema = """{"type":"object","properties":{"order":{"type":"string"},"amount":{"type":"number","minimum":0},"lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"}}}}},"required":["order","amount"],"additionalProperties":false}""";
        using var schema = JsonDocument.Parse(Schema);
        using var value = JsonDocument.Parse(answer);

        var problem = JsonSchemaCheck.Validate(schema.RootElement, value.RootElement);

        if (diagnostic is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.StartsWith(diagnostic, problem, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', problem);
        }
    }

    [Fact]
    public void SchemasSharingAnId_AreCheckedEachOnItsOwn()
    {
        // JsonSchema.Net registers a schema under its $id; two experiments (or a rerun with an edited schema) in one
        // process must not see each other's schema.
        using var text = JsonDocument.Parse("""{"$id":"https://example.com/answer","type":"object","required":["a"]}""");
        using var number = JsonDocument.Parse("""{"$id":"https://example.com/answer","type":"object","required":["b"]}""");
        using var value = JsonDocument.Parse("""{"a":1}""");

        Assert.Null(JsonSchemaCheck.Validate(text.RootElement, value.RootElement));
        Assert.Equal("$.b is required", JsonSchemaCheck.Validate(number.RootElement, value.RootElement));
    }

    [Fact]
    public void SchemaThatNeverPassedTheReader_IsADiagnosticNotACrash()
    {
        // A TaskSpec built in code (or a schema edited after the run started) skips ExperimentReader's check; scoring
        // must still never throw on it: the item is not schema-valid and says why.
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}}}""");
        using var value = JsonDocument.Parse("""{"a":1}""");

        var problem = JsonSchemaCheck.Validate(schema.RootElement, value.RootElement);

        Assert.NotNull(problem);
        Assert.StartsWith("$ cannot be checked: the schema is not valid (", problem, StringComparison.Ordinal);
        Assert.Contains("#/$defs/missing", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentChecks_OfManySchemas_EachGiveTheirOwnVerdict()
    {
        // Eval scores items in parallel, and more distinct schemas than the built-schema cache holds force it to start
        // over while other threads use it: every verdict must still be the one its own schema gives.
        var schemas = Enumerable.Range(0, 100).Select(i => """{"type":"object","properties":{"n":{"type":"integer","minimum":""" + i + "}}}").ToArray();

        var wrong = 0;
        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var i = k % schemas.Length;
            var n = k % 2 == 0 ? i : i - 1;
            using var schema = JsonDocument.Parse(schemas[i]);
            using var value = JsonDocument.Parse("""{"n":""" + n + "}");
            var problem = JsonSchemaCheck.Validate(schema.RootElement, value.RootElement);
            if ((problem is null) != (n >= i))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    [Theory]
    [InlineData("""{"type": "object",""", "is not valid JSON: ")]
    [InlineData("""["type"]""", "is not a JSON Schema: the schema must be a JSON object")]
    [InlineData("""{"type":"objekt"}""", "is not a valid JSON Schema: ")]
    [InlineData("""{"type":"object","required":"a"}""", "is not a valid JSON Schema: ")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","pattern":"(["}}}""", "is not a valid JSON Schema: ")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}}}""", "has \"$ref\": \"#/$defs/missing\", which points at nothing in the file")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#money"}}}""", "has \"$ref\": \"#money\", but no \"$anchor\" in the file is named money")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"https://example.com/money.json"}}}""", "has \"$ref\": \"https://example.com/money.json\", which points outside the file")]
    public void Problem_ExplainsASchemaThatCannotBeUsed(string schema, string expected)
    {
        var problem = JsonSchemaCheck.Problem(schema);

        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData("""{"$defs":{"money":{"type":"number"}},"type":"object","properties":{"a":{"$ref":"#/$defs/money"}}}""")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"money":{"type":"number"}},"type":"object","properties":{"a":{"$ref":"#/definitions/money"}}}""")]
    [InlineData("""{"$defs":{"money":{"$anchor":"money","type":"number"}},"type":"object","properties":{"a":{"$ref":"#money"}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"enum":[{"$ref":"not a reference"}]}}}""")]
    public void Problem_AcceptsReferencesInsideTheFile(string schema)
    {
        Assert.Null(JsonSchemaCheck.Problem(schema));
    }

    [Fact]
    public void ExperimentReader_ReportsABrokenSchemaAsOneLineNamingFileAndField()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        File.WriteAllText(Path.Combine(workspace.Folder, "order.schema.json"), """{"type":"object","properties":{"total":{"$ref":"#/$defs/money"}}}""");
        const string Experiment = """
            name: orders
            dataset: { path: data.jsonl, expected: label }
            task:
              kind: extraction
              instructions: Extract the order.
              input: "{{text}}"
              outputSchema: order.schema.json
            candidates:
              - name: small
                model: { provider: openai, id: gpt-4.1-mini }
            """;

        var error = Assert.Throws<InputException>(() => ExperimentReader.Parse(Experiment, Path.Combine(workspace.Folder, "e.yaml")));

        Assert.Equal($"{Path.Combine(workspace.Folder, "e.yaml")}:7: task.outputSchema: 'order.schema.json' has \"$ref\": \"#/$defs/money\", which points at nothing in the file", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Scorer_ScoresSchemaValidityPerItemWithTheFullKeywordSet()
    {
        const string Schema = """{"$defs":{"sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{3}$"}},"type":"object","properties":{"sku":{"$ref":"#/$defs/sku"},"qty":{"type":"integer","minimum":1}},"required":["sku","qty"]}""";
        var task = new TaskSpec(TaskKind.Extraction, "Extract.", "{{text}}", [], Schema, null, null);
        var scorer = new Scorer(task, Crossover.Evaluation.Strategies.PromptStrategies.ZeroShot, ["schema-validity"]);

        var good = scorer.Score("""{"sku":"ABC-123","qty":2}""", """{"sku":"ABC-123","qty":2}""");
        var badPattern = scorer.Score("""{"sku":"abc-123","qty":2}""", """{"sku":"ABC-123","qty":2}""");

        Assert.Equal(1, good.Scores["schema-validity"]);
        Assert.True(good.Compliant);
        Assert.Equal(0, badPattern.Scores["schema-validity"]);
        Assert.False(badPattern.Compliant);
        Assert.StartsWith("$.sku: ", badPattern.Diagnostic, StringComparison.Ordinal);
    }
}
