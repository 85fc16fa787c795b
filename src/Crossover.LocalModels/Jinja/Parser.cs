namespace Crossover.LocalModels.Jinja;

/// <summary>
/// Parses the Jinja subset chat templates use: <c>if/elif/else</c>, <c>for … in … [if …]</c> with <c>else</c>,
/// <c>set</c> (including namespace attributes), <c>break/continue</c>, <c>generation</c> blocks, and expressions with
/// Jinja's precedence (filters and tests bind tighter than arithmetic). Anything else is a <see cref="TemplateError"/>
/// naming the construct, so an unsupported template fails instead of rendering a wrong prompt.
/// </summary>
internal sealed class Parser
{
    private static readonly HashSet<string> CompareOperators = ["==", "!=", "<", ">", "<=", ">="];
    private readonly List<Segment> _segments;
    private int _segment;
    private List<Token> _tokens = [];
    private int _pos;

    private Parser(List<Segment> segments) => _segments = segments;

    public static IReadOnlyList<Node> Parse(string source)
    {
        var parser = new Parser(Lexer.Split(source));
        var body = parser.ParseBlock(out var end);
        if (end is not null)
        {
            throw new TemplateError($"'{{% {end.Value.Text} %}}' without a matching opening tag", end.Value.Line);
        }

        return body;
    }

    /// <summary>Parses nodes until a statement this block does not own (returned as <paramref name="end"/>) or the end.</summary>
    private List<Node> ParseBlock(out Token? end, params string[] terminators)
    {
        var nodes = new List<Node>();
        while (_segment < _segments.Count)
        {
            var segment = _segments[_segment++];
            switch (segment.Kind)
            {
                case SegmentKind.Text:
                    if (segment.Text.Length > 0)
                    {
                        nodes.Add(new TextNode(segment.Text, segment.Line));
                    }

                    break;
                case SegmentKind.Output:
                    Begin(segment);
                    nodes.Add(new OutputNode(ParseExpression(), segment.Line));
                    ExpectEnd();
                    break;
                case SegmentKind.Statement:
                    Begin(segment);
                    var keyword = Next();
                    if (keyword.Kind != TokenKind.Name)
                    {
                        throw new TemplateError($"expected a statement name, found '{keyword.Text}'", keyword.Line);
                    }

                    if (terminators.Contains(keyword.Text))
                    {
                        end = keyword;
                        return nodes;
                    }

                    if (keyword.Text is "endif" or "endfor" or "elif" or "else" or "endgeneration")
                    {
                        end = keyword;
                        return nodes;
                    }

                    nodes.AddRange(ParseStatement(keyword));
                    break;
            }
        }

        end = null;
        return nodes;
    }

    private IEnumerable<Node> ParseStatement(Token keyword)
    {
        switch (keyword.Text)
        {
            case "if":
                return [ParseIf(keyword.Line)];
            case "for":
                return [ParseFor(keyword.Line)];
            case "set":
                return [ParseSet(keyword.Line)];
            case "break" or "continue":
                ExpectEnd();
                return [new LoopControlNode(keyword.Text == "break", keyword.Line)];
            case "generation":
                // transformers' AssistantTracker marks assistant text for masks; for rendering it is transparent.
                ExpectEnd();
                var body = ParseBlock(out var end, "endgeneration");
                RequireEnd(end, "endgeneration", keyword.Line);
                ExpectEnd();
                return body;
            default:
                throw new TemplateError($"the '{keyword.Text}' tag is not supported", keyword.Line);
        }
    }

    private IfNode ParseIf(int line)
    {
        var branches = new List<(Expr, IReadOnlyList<Node>)>();
        var test = ParseExpression();
        ExpectEnd();
        while (true)
        {
            var body = ParseBlock(out var end, "elif", "else", "endif");
            branches.Add((test, body));
            RequireEnd(end, "endif", line);
            switch (end!.Value.Text)
            {
                case "elif":
                    test = ParseExpression();
                    ExpectEnd();
                    continue;
                case "else":
                    ExpectEnd();
                    var otherwise = ParseBlock(out var close, "endif");
                    RequireEnd(close, "endif", line);
                    Expect("endif", close!.Value);
                    ExpectEnd();
                    return new IfNode(branches, otherwise, line);
                default:
                    Expect("endif", end.Value);
                    ExpectEnd();
                    return new IfNode(branches, [], line);
            }
        }
    }

    private ForNode ParseFor(int line)
    {
        var targets = new List<string> { NextName() };
        while (Accept(","))
        {
            targets.Add(NextName());
        }

        var inToken = Next();
        if (inToken.Text != "in")
        {
            throw new TemplateError($"expected 'in' in a for loop, found '{inToken.Text}'", inToken.Line);
        }

        var items = ParseConditionalFree();
        Expr? filter = null;
        if (Accept("if"))
        {
            filter = ParseConditionalFree();
        }

        if (Peek().Text == "recursive")
        {
            throw new TemplateError("recursive for loops are not supported", line);
        }

        ExpectEnd();
        var body = ParseBlock(out var end, "else", "endfor");
        RequireEnd(end, "endfor", line);
        IReadOnlyList<Node> otherwise = [];
        if (end!.Value.Text == "else")
        {
            ExpectEnd();
            otherwise = ParseBlock(out end, "endfor");
            RequireEnd(end, "endfor", line);
        }

        Expect("endfor", end!.Value);
        ExpectEnd();
        return new ForNode(targets, items, filter, body, otherwise, line);
    }

    private SetNode ParseSet(int line)
    {
        var name = NextName();
        string? attribute = null;
        if (Accept("."))
        {
            attribute = NextName();
        }

        if (!Accept("="))
        {
            throw new TemplateError("block '{% set %}…{% endset %}' and multiple targets are not supported; use '{% set name = value %}'", line);
        }

        var value = ParseExpression();
        ExpectEnd();
        return new SetNode(name, attribute, value, line);
    }

    private static void RequireEnd(Token? end, string expected, int line)
    {
        if (end is null)
        {
            throw new TemplateError($"missing '{{% {expected} %}}' for the block opened here", line);
        }
    }

    private static void Expect(string expected, Token token)
    {
        if (token.Text != expected)
        {
            throw new TemplateError($"expected '{{% {expected} %}}', found '{{% {token.Text} %}}'", token.Line);
        }
    }

    private Expr ParseExpression()
    {
        var value = ParseConditionalFree();
        if (Accept("if"))
        {
            var test = ParseOr();
            var otherwise = Accept("else") ? ParseExpression() : null;
            return new ConditionalExpr(test, value, otherwise, value.Line);
        }

        return value;
    }

    private Expr ParseConditionalFree() => ParseOr();

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Accept("or"))
        {
            left = new BinaryExpr("or", left, ParseAnd(), left.Line);
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Accept("and"))
        {
            left = new BinaryExpr("and", left, ParseNot(), left.Line);
        }

        return left;
    }

    private Expr ParseNot()
    {
        var token = Peek();
        return Accept("not") ? new UnaryExpr("not", ParseNot(), token.Line) : ParseCompare();
    }

    private Expr ParseCompare()
    {
        var left = ParseConcat();
        while (true)
        {
            var token = Peek();
            if (token.Kind == TokenKind.Operator && CompareOperators.Contains(token.Text))
            {
                _pos++;
                left = new BinaryExpr(token.Text, left, ParseConcat(), token.Line);
            }
            else if (Accept("in"))
            {
                left = new BinaryExpr("in", left, ParseConcat(), token.Line);
            }
            else if (token.Text == "not" && PeekAt(1).Text == "in")
            {
                _pos += 2;
                left = new BinaryExpr("not in", left, ParseConcat(), token.Line);
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseConcat()
    {
        var left = ParseSum();
        while (Accept("~"))
        {
            left = new BinaryExpr("~", left, ParseSum(), left.Line);
        }

        return left;
    }

    private Expr ParseSum()
    {
        var left = ParseProduct();
        while (Peek() is { Kind: TokenKind.Operator, Text: "+" or "-" } op)
        {
            _pos++;
            left = new BinaryExpr(op.Text, left, ParseProduct(), op.Line);
        }

        return left;
    }

    private Expr ParseProduct()
    {
        var left = ParsePower();
        while (Peek() is { Kind: TokenKind.Operator, Text: "*" or "/" or "//" or "%" } op)
        {
            _pos++;
            left = new BinaryExpr(op.Text, left, ParsePower(), op.Line);
        }

        return left;
    }

    private Expr ParsePower()
    {
        var left = ParseUnary();
        while (Peek() is { Kind: TokenKind.Operator, Text: "**" } op)
        {
            _pos++;
            left = new BinaryExpr("**", left, ParseUnary(), op.Line);
        }

        return left;
    }

    /// <summary>A unary sign binds tighter than filters, as in Jinja2's <c>parse_unary</c>: <c>-x|abs</c> is <c>(-x)|abs</c>.</summary>
    private Expr ParseUnary(bool withFilters = true)
    {
        var token = Peek();
        Expr node;
        if (token is { Kind: TokenKind.Operator, Text: "-" or "+" })
        {
            _pos++;
            node = new UnaryExpr(token.Text, ParseUnary(withFilters: false), token.Line);
        }
        else
        {
            node = ParsePostfix(ParsePrimary());
        }

        return withFilters ? ParseFiltersAndTests(node) : node;
    }

    private Expr ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.String:
                var text = (string)token.Value!;
                while (Peek().Kind == TokenKind.String)
                {
                    text += (string)Next().Value!;
                }

                return new LiteralExpr(text, token.Line);
            case TokenKind.Integer or TokenKind.Float:
                return new LiteralExpr(token.Value, token.Line);
            case TokenKind.Name:
                return token.Text switch
                {
                    "true" or "True" => new LiteralExpr(true, token.Line),
                    "false" or "False" => new LiteralExpr(false, token.Line),
                    "none" or "None" => new LiteralExpr(null, token.Line),
                    _ => new NameExpr(token.Text, token.Line),
                };
            case TokenKind.Operator when token.Text == "(":
                if (Accept(")"))
                {
                    return new ListExpr([], token.Line);
                }

                var first = ParseExpression();
                if (!Accept(","))
                {
                    ExpectOperator(")");
                    return first;
                }

                var tuple = new List<Expr> { first };
                while (!Accept(")"))
                {
                    tuple.Add(ParseExpression());
                    if (!Accept(","))
                    {
                        ExpectOperator(")");
                        break;
                    }
                }

                return new ListExpr(tuple, token.Line);
            case TokenKind.Operator when token.Text == "[":
                var items = new List<Expr>();
                while (!Accept("]"))
                {
                    items.Add(ParseExpression());
                    if (!Accept(","))
                    {
                        ExpectOperator("]");
                        break;
                    }
                }

                return new ListExpr(items, token.Line);
            case TokenKind.Operator when token.Text == "{":
                var pairs = new List<(Expr, Expr)>();
                while (!Accept("}"))
                {
                    var key = ParseExpression();
                    ExpectOperator(":");
                    pairs.Add((key, ParseExpression()));
                    if (!Accept(","))
                    {
                        ExpectOperator("}");
                        break;
                    }
                }

                return new DictExpr(pairs, token.Line);
            default:
                throw new TemplateError(token.Kind == TokenKind.End ? "the expression ends too early" : $"unexpected '{token.Text}' in an expression", token.Line);
        }
    }

    private Expr ParsePostfix(Expr target)
    {
        while (true)
        {
            var token = Peek();
            if (Accept("."))
            {
                var name = Next();
                target = name.Kind is TokenKind.Name or TokenKind.Integer
                    ? (name.Kind == TokenKind.Integer ? new IndexExpr(target, new LiteralExpr(name.Value, name.Line), name.Line) : new AttributeExpr(target, name.Text, name.Line))
                    : throw new TemplateError($"expected a name after '.', found '{name.Text}'", name.Line);
            }
            else if (Accept("["))
            {
                target = ParseSubscript(target, token.Line);
            }
            else if (Accept("("))
            {
                var (args, kwargs) = ParseArguments();
                target = new CallExpr(target, args, kwargs, token.Line);
            }
            else
            {
                return target;
            }
        }
    }

    private Expr ParseSubscript(Expr target, int line)
    {
        Expr? start = null;
        if (Peek().Text != ":")
        {
            start = ParseExpression();
            if (Peek().Text != ":")
            {
                ExpectOperator("]");
                return new IndexExpr(target, start, line);
            }
        }

        ExpectOperator(":");
        Expr? stop = Peek().Text is ":" or "]" ? null : ParseExpression();
        Expr? step = null;
        if (Accept(":") && Peek().Text != "]")
        {
            step = ParseExpression();
        }

        ExpectOperator("]");
        return new SliceExpr(target, start, stop, step, line);
    }

    private Expr ParseFiltersAndTests(Expr target)
    {
        while (true)
        {
            var token = Peek();
            if (Accept("|"))
            {
                var name = NextName();
                if (!Builtins.FilterNames.Contains(name))
                {
                    throw new TemplateError($"the '{name}' filter is not supported", token.Line);
                }

                IReadOnlyList<Expr> args = [];
                IReadOnlyList<(string, Expr)> kwargs = [];
                if (Accept("("))
                {
                    (args, kwargs) = ParseArguments();
                }

                target = new FilterExpr(target, name, args, kwargs, token.Line);
            }
            else if (Accept("is"))
            {
                var negated = Accept("not");
                var name = Next();
                var testName = name.Kind == TokenKind.Name ? name.Text : name.Text is "==" ? "eq" : name.Text is "!=" ? "ne" : throw new TemplateError($"expected a test name after 'is', found '{name.Text}'", name.Line);
                testName = name.Text switch { "none" or "None" => "none", "true" or "True" => "true", "false" or "False" => "false", _ => testName };
                if (!Builtins.TestNames.Contains(testName))
                {
                    throw new TemplateError($"the '{testName}' test is not supported", name.Line);
                }

                IReadOnlyList<Expr> args = [];
                if (Accept("("))
                {
                    (args, _) = ParseArguments();
                }
                else if (Peek().Kind is TokenKind.String or TokenKind.Integer or TokenKind.Float || (Peek().Kind == TokenKind.Name && Peek().Text is not ("and" or "or" or "else" or "if" or "not" or "in" or "is")))
                {
                    // Jinja allows one bare argument: `x is divisibleby 3`, `x is sameas none`.
                    args = [ParsePostfix(ParsePrimary())];
                }

                target = new TestExpr(target, testName, negated, args, token.Line);
            }
            else
            {
                return target;
            }
        }
    }

    private (List<Expr> Args, List<(string, Expr)> Kwargs) ParseArguments()
    {
        var args = new List<Expr>();
        var kwargs = new List<(string, Expr)>();
        while (!Accept(")"))
        {
            if (Peek().Kind == TokenKind.Name && PeekAt(1) is { Kind: TokenKind.Operator, Text: "=" })
            {
                var name = Next().Text;
                _pos++;
                kwargs.Add((name, ParseExpression()));
            }
            else
            {
                args.Add(ParseExpression());
            }

            if (!Accept(","))
            {
                ExpectOperator(")");
                break;
            }
        }

        return (args, kwargs);
    }

    private void Begin(Segment segment)
    {
        _tokens = segment.Tokens;
        _tokens.Add(new Token(TokenKind.End, "end of tag", segment.Line));
        _pos = 0;
    }

    private void ExpectEnd()
    {
        var token = Peek();
        if (token.Kind != TokenKind.End)
        {
            throw new TemplateError($"unexpected '{token.Text}' before the end of the tag", token.Line);
        }
    }

    private Token Peek() => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Next()
    {
        var token = _tokens[_pos];
        if (token.Kind != TokenKind.End)
        {
            _pos++;
        }

        return token;
    }

    private string NextName()
    {
        var token = Next();
        return token.Kind == TokenKind.Name ? token.Text : throw new TemplateError($"expected a name, found '{token.Text}'", token.Line);
    }

    private bool Accept(string text)
    {
        var token = Peek();
        if (token.Kind is TokenKind.Operator or TokenKind.Name && token.Text == text)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void ExpectOperator(string text)
    {
        if (!Accept(text))
        {
            var token = Peek();
            throw new TemplateError($"expected '{text}', found '{token.Text}'", token.Line);
        }
    }
}
