using System.Collections.Immutable;
using System.Diagnostics;

namespace Archive.Site.Pipeline;

/// <summary>Timing of one step.</summary>
public sealed record StepTiming(string Step, TimeSpan Elapsed);

/// <summary>
/// Runs build steps in dependency order; steps whose dependencies are done run in parallel.
/// A step that throws stops the build (its exception surfaces with the step's name).
/// </summary>
public static class StepRunner
{
    /// <summary>A dependency on every step that does not itself depend on <see cref="AllSteps"/> (for sitemaps, link checks).</summary>
    public const string AllSteps = "*";

    public static ImmutableArray<StepTiming> Run(IReadOnlyList<IBuildStep> steps, BuildContext context, Action<string>? onStepDone = null)
    {
        var byName = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var producers = steps.Where(s => !s.DependsOn.Contains(AllSteps)).Select(s => s.Name).ToList();
        IEnumerable<string> Dependencies(IBuildStep step) =>
            step.DependsOn.SelectMany(d => d == AllSteps ? producers : [d]).Distinct();

        foreach (var step in steps)
        {
            foreach (var dependency in step.DependsOn.Where(d => d != AllSteps))
            {
                if (!byName.ContainsKey(dependency))
                {
                    throw new InvalidOperationException($"step {step.Name} depends on {dependency}, which is not part of the build");
                }
            }
        }

        CheckAcyclic(steps, byName, Dependencies);
        var timings = new System.Collections.Concurrent.ConcurrentBag<StepTiming>();
        var tasks = new Dictionary<string, Task>(StringComparer.Ordinal);

        Task Schedule(IBuildStep step)
        {
            if (tasks.TryGetValue(step.Name, out var existing))
            {
                return existing;
            }

            var dependencies = Dependencies(step).Select(d => Schedule(byName[d])).ToArray();
            var task = Task.WhenAll(dependencies).ContinueWith(
                _ =>
                {
                    if (dependencies.FirstOrDefault(d => d.IsFaulted) is { } failed)
                    {
                        throw failed.Exception!.InnerException!;
                    }

                    var watch = Stopwatch.StartNew();
                    try
                    {
                        step.Execute(context);
                    }
                    catch (Exception ex) when (ex is not BuildStepException)
                    {
                        throw new BuildStepException(step.Name, ex);
                    }

                    timings.Add(new StepTiming(step.Name, watch.Elapsed));
                    onStepDone?.Invoke(step.Name);
                },
                CancellationToken.None,
                TaskContinuationOptions.LongRunning,
                TaskScheduler.Default);
            tasks[step.Name] = task;
            return task;
        }

        var all = steps.Select(Schedule).ToArray();
        try
        {
            Task.WaitAll(all);
        }
        catch (AggregateException ex)
        {
            var first = ex.Flatten().InnerExceptions.OfType<BuildStepException>().FirstOrDefault()
                ?? ex.Flatten().InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        return [.. timings.OrderBy(t => steps.ToList().FindIndex(s => s.Name == t.Step))];
    }

    private static void CheckAcyclic(IReadOnlyList<IBuildStep> steps, Dictionary<string, IBuildStep> byName, Func<IBuildStep, IEnumerable<string>> dependencies)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        void Visit(IBuildStep step, Stack<string> path)
        {
            if (state.GetValueOrDefault(step.Name) == 2)
            {
                return;
            }

            if (state.GetValueOrDefault(step.Name) == 1)
            {
                throw new InvalidOperationException($"steps depend on each other in a cycle: {string.Join(" → ", path.Reverse())} → {step.Name}");
            }

            state[step.Name] = 1;
            path.Push(step.Name);
            foreach (var d in dependencies(step))
            {
                Visit(byName[d], path);
            }

            path.Pop();
            state[step.Name] = 2;
        }

        foreach (var step in steps)
        {
            Visit(step, new Stack<string>());
        }
    }
}

/// <summary>A build step failed; the message names the step.</summary>
public sealed class BuildStepException(string step, Exception inner)
    : Exception($"{step}: {inner.Message}", inner)
{
    public string Step { get; } = step;
}
