using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Application.Domain;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Requests;

/// <summary>
/// Adapter: one draft per user in <c>WizardDrafts</c>, as JSON with enums as names. A draft that no longer reads
/// (corrupt, or written by a version whose shape changed) loads as null, so the wizard starts over instead of failing.
/// </summary>
public sealed partial class WizardDraftStore(
    IDbContextFactory<PortalDbContext> contexts,
    TimeProvider time,
    ILogger<WizardDraftStore> logger) : IWizardDraftStore
{
    internal static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    public async Task<CreateClusterDraft?> LoadAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var json = await context.WizardDrafts.AsNoTracking()
            .Where(d => d.UserId == userId)
            .Select(d => d.Json)
            .FirstOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CreateClusterDraft>(json, JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            // The user id is not personal data here (an opaque subject id); the JSON is never logged.
            LogUnreadableDraft(logger, userId, ex.GetType().Name);
            return null;
        }
    }

    public async Task SaveAsync(string userId, CreateClusterDraft draft, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(draft);
        var json = JsonSerializer.Serialize(draft, JsonOptions);
        var now = UtcTime.Normalize(time.GetUtcNow());

        // Two tabs of one person may save at once: the loser of the insert race updates the winner's row.
        for (var attempt = 0; ; attempt++)
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var record = await context.WizardDrafts.FirstOrDefaultAsync(d => d.UserId == userId, cancellationToken);
            if (record is null)
            {
                context.WizardDrafts.Add(new WizardDraftRecord { UserId = userId, Json = json, UpdatedAt = now });
            }
            else
            {
                record.Json = json;
                record.UpdatedAt = now;
            }

            try
            {
                await context.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (record is null && attempt == 0)
            {
            }
        }
    }

    public async Task DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.WizardDrafts.Where(d => d.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The wizard draft of user {UserId} could not be read ({Error}); starting over")]
    private static partial void LogUnreadableDraft(ILogger logger, string userId, string error);
}
