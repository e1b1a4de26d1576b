using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Archive.Search;

/// <summary>
/// Software prefetch: asks the CPU to bring a cache line in while other work goes on. The loops
/// of WriteTo visit ~10⁶ terms in an order unrelated to where their data lie, so without it
/// nearly every term costs a cache and TLB miss in turn. A hint only: it never faults, and a
/// stale address (had the GC moved the array meanwhile) only wastes the hint.
/// </summary>
internal static class Prefetch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Read<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }
}
