using System.Text;

namespace Crossover.LocalModels.Jinja;

/// <summary>A <c>raise_exception(…)</c> call in a template: the template itself rejects the conversation.</summary>
internal sealed class TemplateRaised(string message) : Exception(message);

/// <summary>Evaluates a parsed template with Jinja's scoping: a loop body's <c>set</c> does not leak out of the loop.</summary>
internal sealed class Renderer
{
    private readonly StringBuilder _output = new();

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public static string Render(IReadOnlyList<Node> nodes, IReadOnlyDictionary<string, object?> variables)
    {
        var renderer = new Renderer();
        var scope = new Scope(null);
        foreach (var (name, value) in variables)
        {
            scope.Set(name, value);
        }

        renderer.Execute(nodes, scope);
        return renderer._output.ToString();
    }

    private Flow Execute(IReadOnlyList<Node> nodes, Scope scope)
    {
        foreach (var node in nodes)
        {
            var flow = node switch
            {
                TextNode text => Append(text.Text),
                OutputNode output => Append(Values.Str(Eval(output.Value, scope))),
                IfNode branch => ExecuteIf(branch, scope),
                ForNode loop => ExecuteFor(loop, scope),
                SetNode set => ExecuteSet(set, scope),
                LoopControlNode control => control.IsBreak ? Flow.Break : Flow.Continue,
                _ => throw new TemplateError("unknown statement", node.Line),
            };
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private Flow Append(string text)
    {
        _output.Append(text);
        return Flow.Normal;
    }

    private Flow ExecuteIf(IfNode node, Scope scope)
    {
        foreach (var (test, body) in node.Branches)
        {
            if (Values.Truthy(Eval(test, scope)))
            {
                return Execute(body, scope);
            }
        }

        return Execute(node.Else, scope);
    }

    private Flow ExecuteSet(SetNode node, Scope scope)
    {
        var value = Eval(node.Value, scope);
        if (node.Attribute is null)
        {
            scope.Set(node.Name, value);
        }
        else if (scope.Get(node.Name) is Namespace ns)
        {
            ns.Values[node.Attribute] = value;
        }
        else
        {
            throw new TemplateError($"'{node.Name}' is not a namespace, so '{node.Name}.{node.Attribute}' cannot be set", node.Line);
        }

        return Flow.Normal;
    }

    private Flow ExecuteFor(ForNode node, Scope scope)
    {
        var items = Iterate(Eval(node.Items, scope), node.Line);
        if (node.Filter is not null)
        {
            items = [.. items.Where(item => Values.Truthy(Eval(node.Filter, Bind(node, item, scope, null))))];
        }

        for (var i = 0; i < items.Count; i++)
        {
            var loop = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["index"] = (long)(i + 1),
                ["index0"] = (long)i,
                ["revindex"] = (long)(items.Count - i),
                ["revindex0"] = (long)(items.Count - i - 1),
                ["first"] = i == 0,
                ["last"] = i == items.Count - 1,
                ["length"] = (long)items.Count,
                ["previtem"] = i > 0 ? items[i - 1] : new Undefined("loop.previtem"),
                ["nextitem"] = i + 1 < items.Count ? items[i + 1] : new Undefined("loop.nextitem"),
            };
            if (Execute(node.Body, Bind(node, items[i], scope, loop)) == Flow.Break)
            {
                break;
            }
        }

        return items.Count == 0 ? Execute(node.Else, scope) : Flow.Normal;
    }

    private static Scope Bind(ForNode node, object? item, Scope parent, Dictionary<string, object?>? loop)
    {
        var scope = new Scope(parent);
        if (node.Targets.Count == 1)
        {
            scope.Set(node.Targets[0], item);
        }
        else if (item is List<object?> tuple && tuple.Count == node.Targets.Count)
        {
            for (var t = 0; t < tuple.Count; t++)
            {
                scope.Set(node.Targets[t], tuple[t]);
            }
        }
        else
        {
            throw new TemplateError($"cannot unpack {Values.TypeName(item)} into {node.Targets.Count} loop variables", node.Line);
        }

        if (loop is not null)
        {
            scope.Set("loop", loop);
        }

        return scope;
    }

    private static List<object?> Iterate(object? value, int line) =>
        Builtins.AsSequence(value) ?? throw new TemplateError($"a {Values.TypeName(value)} cannot be looped over", line);

    private object? Eval(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                return literal.Value;
            case NameExpr name:
                return scope.TryGet(name.Name, out var found) ? found : new Undefined(name.Name);
            case ListExpr list:
                return list.Items.Select(i => Eval(i, scope)).ToList();
            case DictExpr dict:
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in dict.Items)
                {
                    result[Eval(key, scope) as string ?? throw new TemplateError("dictionary keys must be strings", dict.Line)] = Eval(value, scope);
                }

                return result;
            case AttributeExpr attribute:
                return Builtins.Attribute(Eval(attribute.Target, scope), attribute.Name, Describe(attribute.Target), attribute.Line);
            case IndexExpr index:
                return Builtins.Index(Eval(index.Target, scope), Eval(index.Index, scope), Describe(index.Target), index.Line);
            case SliceExpr slice:
                return Builtins.Slice(Eval(slice.Target, scope), OptionalInt(slice.Start, scope), OptionalInt(slice.Stop, scope), OptionalInt(slice.Step, scope), slice.Line);
            case CallExpr call:
                var callee = Eval(call.Callee, scope);
                if (callee is not Callable function)
                {
                    throw new TemplateError(callee is Undefined u ? $"'{u.Name}' is undefined" : $"'{Describe(call.Callee)}' is not callable", call.Line);
                }

                return function(call.Args.Select(a => Eval(a, scope)).ToList(), call.Kwargs.ToDictionary(k => k.Name, k => Eval(k.Value, scope)), call.Line);
            case FilterExpr filter:
                return Builtins.Filter(filter.Name, Eval(filter.Target, scope), filter.Args.Select(a => Eval(a, scope)).ToList(), filter.Kwargs.ToDictionary(k => k.Name, k => Eval(k.Value, scope)), filter.Line);
            case TestExpr test:
                var outcome = Builtins.Test(test.Name, Eval(test.Target, scope), test.Args.Select(a => Eval(a, scope)).ToList(), test.Line);
                return test.Negated ? !outcome : outcome;
            case UnaryExpr unary:
                var operand = Eval(unary.Operand, scope);
                return unary.Operator switch
                {
                    "not" => !Values.Truthy(operand),
                    "-" => operand switch
                    {
                        long l => (object)(-l),
                        double d => -d,
                        _ => throw new TemplateError($"cannot negate a {Values.TypeName(operand)}", unary.Line),
                    },
                    _ => operand,
                };
            case BinaryExpr binary:
                return EvalBinary(binary, scope);
            case ConditionalExpr conditional:
                return Values.Truthy(Eval(conditional.Test, scope))
                    ? Eval(conditional.Then, scope)
                    : conditional.Else is null ? new Undefined("else") : Eval(conditional.Else, scope);
            default:
                throw new TemplateError("unknown expression", expr.Line);
        }
    }

    private long? OptionalInt(Expr? expr, Scope scope) => expr is null ? null : Eval(expr, scope) switch
    {
        null => null,
        long l => l,
        var other => throw new TemplateError($"slice bounds must be integers, not {Values.TypeName(other)}", expr.Line),
    };

    private object? EvalBinary(BinaryExpr binary, Scope scope)
    {
        var left = Eval(binary.Left, scope);
        switch (binary.Operator)
        {
            case "and":
                return Values.Truthy(left) ? Eval(binary.Right, scope) : left;
            case "or":
                return Values.Truthy(left) ? left : Eval(binary.Right, scope);
        }

        var right = Eval(binary.Right, scope);
        return binary.Operator switch
        {
            "==" => Values.AreEqual(left, right),
            "!=" => !Values.AreEqual(left, right),
            "<" => Values.Compare(left, right, binary.Line) < 0,
            ">" => Values.Compare(left, right, binary.Line) > 0,
            "<=" => Values.Compare(left, right, binary.Line) <= 0,
            ">=" => Values.Compare(left, right, binary.Line) >= 0,
            "in" => Builtins.Contains(right, left, binary.Line),
            "not in" => !Builtins.Contains(right, left, binary.Line),
            "~" => Values.Str(left) + Values.Str(right),
            _ => Arithmetic(binary.Operator, left, right, binary.Line),
        };
    }

    private static object? Arithmetic(string op, object? left, object? right, int line)
    {
        if (left is Undefined || right is Undefined)
        {
            throw new TemplateError($"'{((left as Undefined) ?? (Undefined)right!).Name}' is undefined", line);
        }

        switch (op, left, right)
        {
            case ("+", string a, string b):
                return a + b;
            case ("+", List<object?> a, List<object?> b):
                return a.Concat(b).ToList();
            case ("*", string a, long n):
                return string.Concat(Enumerable.Repeat(a, (int)Math.Max(0, n)));
        }

        if (left is not (long or double or bool) || right is not (long or double or bool))
        {
            throw new TemplateError($"cannot apply '{op}' to {Values.TypeName(left)} and {Values.TypeName(right)}", line);
        }

        var integers = left is long or bool && right is long or bool;
        var x = Values.ToDouble(left);
        var y = Values.ToDouble(right);
        if (op is "/" or "//" or "%" && y == 0)
        {
            throw new TemplateError("division by zero", line);
        }

        return op switch
        {
            "+" => integers ? (long)x + (long)y : (object)(x + y),
            "-" => integers ? (long)x - (long)y : (object)(x - y),
            "*" => integers ? (long)x * (long)y : (object)(x * y),
            "/" => x / y,
            "//" => integers ? (long)Math.Floor(x / y) : (object)Math.Floor(x / y),
            "%" => integers ? (long)(x - (y * Math.Floor(x / y))) : (object)(x - (y * Math.Floor(x / y))),
            "**" => integers && y >= 0 ? (long)Math.Pow(x, y) : (object)Math.Pow(x, y),
            _ => throw new TemplateError($"unknown operator '{op}'", line),
        };
    }

    private static string Describe(Expr expr) => expr switch
    {
        NameExpr n => n.Name,
        AttributeExpr a => Describe(a.Target) + "." + a.Name,
        IndexExpr i => Describe(i.Target) + "[…]",
        _ => "value",
    };

    private sealed class Scope(Scope? parent)
    {
        private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

        public bool TryGet(string name, out object? value)
        {
            for (var scope = this; scope is not null; scope = scope.Parent)
            {
                if (scope._values.TryGetValue(name, out value))
                {
                    return true;
                }
            }

            value = null;
            return false;
        }

        public object? Get(string name) => TryGet(name, out var value) ? value : null;

        public void Set(string name, object? value) => _values[name] = value;

        private Scope? Parent { get; } = parent;
    }
}
