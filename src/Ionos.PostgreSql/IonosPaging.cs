using System.Runtime.CompilerServices;
using Ionos.PostgreSql.Models;

namespace Ionos.PostgreSql;

/// <summary>Pages through any IONOS list with offset/limit.</summary>
public static class IonosPaging
{
    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 1000;

    /// <summary>A safety net on top of the stop rules: 10,000 pages is 10 million items at the maximum page size.</summary>
    public const int MaxPages = 10_000;

    /// <summary>
    /// Yields every item, asking for <paramref name="pageSize"/> items per page from <paramref name="startOffset"/> on.
    /// Stops on an empty page and on a short page (fewer items than the limit), even when <c>_links.next</c> is
    /// still present: the real API has been seen to keep <c>next</c> past the last page. A full page without
    /// <c>next</c> is the last one too (the contract sends <c>next</c> "only if offset + limit is less than the total"),
    /// which saves the empty confirming page when the total is a multiple of the page size. A page whose links carry
    /// no <c>self</c> either is not trusted this way: then the page's length decides.
    /// </summary>
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(
        Func<int, int, CancellationToken, Task<ResourceList<T>>> fetchPage,
        int pageSize = DefaultPageSize,
        int startOffset = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);

        var offset = startOffset;
        for (var pages = 0; pages < MaxPages; pages++)
        {
            var page = await fetchPage(offset, pageSize, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            // The server may cap the limit below what was asked; a page is full when it reaches the smaller of both.
            var limit = page.Limit > 0 ? Math.Min(page.Limit, pageSize) : pageSize;
            var lastByLinks = page.Links is { Self.Length: > 0, Next: null or "" };
            if (page.Items.Count == 0 || page.Items.Count < limit || lastByLinks || offset > int.MaxValue - page.Items.Count)
            {
                yield break;
            }

            offset += page.Items.Count;
        }
    }
}
