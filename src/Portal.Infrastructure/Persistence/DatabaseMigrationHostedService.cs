using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// Migrates the database when the host starts, if <c>Database:MigrateOnStartup</c> is true. It works in
/// <see cref="IHostedLifecycleService.StartingAsync"/>, which runs before any hosted service's StartAsync, so the
/// background services never see an old schema whatever order they were registered in.
/// </summary>
internal sealed class DatabaseMigrationHostedService(DatabaseMigrator migrator, IOptions<DatabaseOptions> options) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStartup ? migrator.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
