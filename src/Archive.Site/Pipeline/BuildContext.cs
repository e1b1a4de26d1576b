using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Archive.Site.Pipeline;

/// <summary>What steps share during one build: options, immutable products of earlier steps, outputs, warnings.</summary>
public sealed class BuildContext(SiteOptions options, Theme.ThemeFiles theme, IOutputWriter writer)
{
    private readonly ConcurrentDictionary<Type, object> _products = new();
    private readonly ConcurrentQueue<string> _warnings = new();

    public SiteOptions Options { get; } = options;

    public Theme.ThemeFiles Theme { get; } = theme;

    public OutputSet Outputs { get; } = new(writer);

    /// <summary>Publishes a step's product (an immutable object) for the steps that depend on it.</summary>
    public void Set<T>(T product)
        where T : class
    {
        if (!_products.TryAdd(typeof(T), product))
        {
            throw new InvalidOperationException($"{typeof(T).Name} was already produced");
        }
    }

    /// <summary>A product of an earlier step; the step must be declared as a dependency.</summary>
    public T Get<T>()
        where T : class =>
        _products.TryGetValue(typeof(T), out var p)
            ? (T)p
            : throw new InvalidOperationException($"{typeof(T).Name} has not been produced: is the step that makes it a declared dependency?");

    public void Warn(string warning) => _warnings.Enqueue(warning);

    public ImmutableArray<string> Warnings => [.. _warnings];
}
