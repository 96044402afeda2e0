using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Application.Domain.Teams;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Requests;

/// <summary>
/// Adapter: the person's teams are the slugs of their team claims. A slug seen for the first time becomes a
/// <see cref="Team"/> row (display name: the slug title-cased); when two sign-ins race to create it, the unique slug
/// lets one win and the other reads the winner's row.
/// </summary>
public sealed partial class TeamDirectory(
    IDbContextFactory<PortalDbContext> contexts,
    TimeProvider time,
    ILogger<TeamDirectory> logger) : ITeamDirectory
{
    public async Task<IReadOnlyList<TeamOption>> GetTeamsAsync(PortalUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var slugs = new List<string>();
        foreach (var claimed in user.Teams)
        {
            var slug = claimed?.Trim().ToLowerInvariant();
            if (!Team.IsValidSlug(slug))
            {
                LogInvalidSlug(logger, user.Id);
                continue;
            }

            if (!slugs.Contains(slug!, StringComparer.Ordinal))
            {
                slugs.Add(slug!);
            }
        }

        if (slugs.Count == 0)
        {
            return [];
        }

        var known = await LoadAsync(slugs, cancellationToken);
        foreach (var missing in slugs.Where(s => !known.ContainsKey(s)).ToList())
        {
            known[missing] = await CreateAsync(missing, cancellationToken);
        }

        return [.. slugs.Select(s => known[s])];
    }

    /// <summary>"payments-core" reads as "Payments Core".</summary>
    public static string DisplayNameFor(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        return string.Join(' ', slug.Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..]));
    }

    private async Task<Dictionary<string, TeamOption>> LoadAsync(IReadOnlyCollection<string> slugs, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Teams.AsNoTracking()
            .Where(t => slugs.Contains(t.Slug))
            .Select(t => new TeamOption(t.Id, t.Slug, t.DisplayName))
            .ToDictionaryAsync(t => t.Slug, StringComparer.Ordinal, cancellationToken);
    }

    private async Task<TeamOption> CreateAsync(string slug, CancellationToken cancellationToken)
    {
        var team = new Team(slug, DisplayNameFor(slug), time.GetUtcNow());
        try
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            context.Teams.Add(team);
            await context.SaveChangesAsync(cancellationToken);
            LogCreated(logger, slug);
            return new TeamOption(team.Id, team.Slug, team.DisplayName);
        }
        catch (DbUpdateException)
        {
            // Someone else created it in the meantime (unique slug): theirs is the team.
            var winner = await LoadAsync([slug], cancellationToken);
            if (winner.TryGetValue(slug, out var existing))
            {
                return existing;
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Team {Slug} created on first use")]
    private static partial void LogCreated(ILogger logger, string slug);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} has a team claim that is not a valid team slug; it is ignored")]
    private static partial void LogInvalidSlug(ILogger logger, string userId);
}
