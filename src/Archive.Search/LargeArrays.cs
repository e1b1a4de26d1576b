using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Archive.Search;

/// <summary>
/// Allocation of the index's big arrays (entries, term table, posting lists: tens of MB each).
/// </summary>
/// <remarks>
/// On Linux, each is a pinned array whose 2 MB-aligned interior is marked MADV_HUGEPAGE, so that
/// (with transparent huge pages in "madvise" mode, the common default) the kernel backs it with
/// 2 MB pages: one page fault per 2 MB instead of 512. On virtual machines, where a page fault
/// can cost 10–20 µs, first touching 100 MB of fresh 4 KB pages took about half a second of CPU,
/// more than the work done in that memory. A hint only: nothing changes if the kernel ignores
/// it (THP "never", memory already touched), and nothing is done on other systems.
/// </remarks>
internal static partial class LargeArrays
{
    private const int HugePageBytes = 2 << 20;
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE
    private const int MinimumBytes = HugePageBytes; // smaller arrays cannot hold an aligned huge page

    private static bool adviseFailed;

    /// <summary>An array of <paramref name="length"/> elements, not zeroed.</summary>
    public static T[] Uninitialized<T>(int length)
        where T : unmanaged
    {
        if ((long)length * Unsafe.SizeOf<T>() < MinimumBytes || adviseFailed || !OperatingSystem.IsLinux())
        {
            return GC.AllocateUninitializedArray<T>(length);
        }

        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        AdviseHugePages(array);
        return array;
    }

    /// <summary>An array of <paramref name="length"/> elements, zeroed.</summary>
    public static T[] Zeroed<T>(int length)
        where T : unmanaged
    {
        var array = Uninitialized<T>(length);
        Array.Clear(array); // after the advice, so that the zeroing faults in huge pages
        return array;
    }

    private static unsafe void AdviseHugePages<T>(T[] array)
        where T : unmanaged
    {
        var start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        var end = start + ((nint)array.Length * Unsafe.SizeOf<T>());
        var alignedStart = (start + HugePageBytes - 1) & ~(nint)(HugePageBytes - 1);
        var alignedEnd = end & ~(nint)(HugePageBytes - 1);
        if (alignedEnd <= alignedStart)
        {
            return;
        }

        try
        {
            _ = Madvise(alignedStart, (nuint)(alignedEnd - alignedStart), MadviseHugePage); // failure (EINVAL without THP) is fine
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            adviseFailed = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
