using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;

namespace Portal.Application.Tests.Requests.Create;

public sealed class CreateClusterRulesTests
{
    [Fact]
    public void ValidateAll_ValidDraft_HasNoProblems()
    {
        Assert.Empty(CreateClusterRules.ValidateAll(WizardData.ValidDraft(), WizardData.Context()).Problems);
        Assert.Empty(CreateClusterRules.ValidateAll(WizardData.ValidDraft(), WizardData.ContextWithoutLists()).Problems);
    }

    // 1. Basics

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public void Name_Length_MustBeBetween2And63(int length, bool valid) =>
        AssertOutcome(d => d.Name = new string('a', length), DraftFields.Name, valid);

    [Theory]
    [InlineData("orders-db", true)]
    [InlineData("Orders.DB_2-x", true)]
    [InlineData("a1", true)]
    [InlineData("9to5", true)]
    [InlineData("  orders-db  ", true)]
    [InlineData("-orders", false)]
    [InlineData("orders-", false)]
    [InlineData(".orders", false)]
    [InlineData("orders_", false)]
    [InlineData("orders db", false)]
    [InlineData("orders#db", false)]
    [InlineData("orders/db", false)]
    [InlineData("bestellungen-ä", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    public void Name_Characters_FollowTheContractPattern(string name, bool valid) =>
        AssertOutcome(d => d.Name = name, DraftFields.Name, valid);

    [Fact]
    public void Name_Null_IsRequiredAndDoesNotThrow() =>
        AssertOutcome(d => d.Name = null!, DraftFields.Name, valid: false);

    [Theory]
    [InlineData("-orders", "it begins with '-'")]
    [InlineData("orders.", "it ends with '.'")]
    [InlineData("_orders_", "it begins with '_' and ends with '_'")]
    public void Name_BadFirstOrLastCharacter_SaysWhichEndIsWrong(string name, string expected)
    {
        var message = Assert.Single(Problems(d => d.Name = name, DraftFields.Name));

        Assert.Equal($"The name must begin and end with a letter or digit; {expected}.", message);
    }

    [Fact]
    public void Name_BadMiddleCharacters_NamesThemAndTheAllowedOnes()
    {
        var message = Assert.Single(Problems(d => d.Name = "orders db#1", DraftFields.Name));

        Assert.Equal("The name may contain only letters, digits, dashes (-), underscores (_) and dots (.); remove spaces, '#'.", message);
    }

    [Fact]
    public void Name_TooLong_SaysTheLimitAndTheLength()
    {
        var message = Assert.Single(Problems(d => d.Name = new string('a', 64), DraftFields.Name));

        Assert.Equal("The name must be between 2 and 63 characters long; you entered 64.", message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void Description_Length_IsAtMost300(int length, bool valid) =>
        AssertOutcome(d => d.Description = new string('x', length), DraftFields.Description, valid);

    [Fact]
    public void Description_TooLong_SaysItIsOurLimit()
    {
        var message = Assert.Single(Problems(d => d.Description = new string('x', 301), DraftFields.Description));

        Assert.Contains("at most 300 characters (a portal limit", message, StringComparison.Ordinal);
        Assert.Contains("it has 301", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_Null_IsFine() => AssertOutcome(d => d.Description = null, DraftFields.Description, valid: true);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Team_Missing_AsksToChooseOneOfMine(string? slug)
    {
        var message = Assert.Single(Problems(d => d.TeamSlug = slug, DraftFields.Team));

        Assert.Equal("Choose the team that will own the cluster: payments.", message);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("Payments")]
    [InlineData("payments ")]
    public void Team_NotOneOfMine_IsRefusedWithMyTeams(string slug)
    {
        var message = Assert.Single(Problems(d => d.TeamSlug = slug, DraftFields.Team));

        Assert.Equal($"You are not a member of team '{slug}'. Pick one of your teams: payments.", message);
    }

    [Fact]
    public void Team_PersonInNoTeam_SaysToAskAnAdmin()
    {
        var report = CreateClusterRules.ValidateAll(WizardData.ValidDraft(), WizardData.Context() with { Teams = [] });

        Assert.Equal("You are not a member of any team, so you cannot order a cluster. Ask an admin to add you to a team.", report.FirstFor(DraftFields.Team));
    }

    [Theory]
    [InlineData("de-txl", true)]
    [InlineData("de-fra", true)]
    [InlineData("us-las", false)]
    [InlineData("DE-TXL", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Region_MustBeConfigured(string? region, bool valid) =>
        AssertOutcome(d => d.Region = region, DraftFields.Region, valid);

    [Fact]
    public void Region_Unknown_ListsTheConfiguredOnes()
    {
        var message = Assert.Single(Problems(d => d.Region = "us-las", DraftFields.Region));

        Assert.Equal("Region 'us-las' is not configured. Pick one of the configured regions: de-txl, de-fra.", message);
    }

    // 2. Backup location

    [Theory]
    [InlineData("eu-central-3", true)]
    [InlineData("eu-central-4", true)]
    [InlineData("eu-west-9", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void BackupLocation_ListLoaded_MustBeOneOfIt(string? location, bool valid) =>
        AssertOutcome(d => d.BackupLocation = location, DraftFields.BackupLocation, valid);

    [Theory]
    [InlineData("eu-west-9", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void BackupLocation_ListNotLoaded_IsOnlyRequired(string? location, bool valid) =>
        AssertOutcome(d => d.BackupLocation = location, DraftFields.BackupLocation, valid, WizardData.ContextWithoutLists());

    [Fact]
    public void BackupLocation_NotOffered_ListsTheOfferedOnes()
    {
        var message = Assert.Single(Problems(d => d.BackupLocation = "eu-west-9", DraftFields.BackupLocation));

        Assert.Equal("Backup location 'eu-west-9' is not offered in this region. Choose one of eu-central-3, eu-central-4.", message);
    }

    [Theory]
    [InlineData(int.MinValue, false)]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(365, true)]
    [InlineData(366, false)]
    public void RetentionDays_MustBeBetween1And365(int days, bool valid) =>
        AssertOutcome(d => d.RetentionDays = days, DraftFields.RetentionDays, valid);

    [Fact]
    public void RetentionDays_OutOfRange_SaysTheRangeAndTheValue()
    {
        var message = Assert.Single(Problems(d => d.RetentionDays = 366, DraftFields.RetentionDays));

        Assert.Equal("Backups must be kept between 1 and 365 days; you entered 366.", message);
    }

    // 3. Version

    [Theory]
    [InlineData("17", true)]
    [InlineData("16", true)]
    [InlineData("9", false)]
    [InlineData("17 ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Version_ListLoaded_MustBeOneOfIt(string? version, bool valid) =>
        AssertOutcome(d => d.PostgresVersion = version, DraftFields.PostgresVersion, valid);

    [Theory]
    [InlineData("9", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Version_ListNotLoaded_IsOnlyRequired(string? version, bool valid) =>
        AssertOutcome(d => d.PostgresVersion = version, DraftFields.PostgresVersion, valid, WizardData.ContextWithoutLists());

    [Fact]
    public void Version_NotOffered_ListsTheOfferedOnes()
    {
        var message = Assert.Single(Problems(d => d.PostgresVersion = "9", DraftFields.PostgresVersion));

        Assert.Equal("PostgreSQL version '9' is not offered in this region. Choose one of 17, 16.", message);
    }

    // 4. Sizing

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void Instances_MustBeBetween1And5(int instances, bool valid) =>
        AssertOutcome(d => d.Instances = instances, DraftFields.Instances, valid);

    [Theory]
    [InlineData(int.MinValue, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(62, true)]
    [InlineData(63, false)]
    [InlineData(500, false)]
    public void Cores_MustBeBetween1And62(int cores, bool valid) =>
        AssertOutcome(d => d.Cores = cores, DraftFields.Cores, valid);

    [Fact]
    public void Cores_500_SaysTheRangeAndTheValue()
    {
        var message = Assert.Single(Problems(d => d.Cores = 500, DraftFields.Cores));

        Assert.Equal("Cores must be between 1 and 62 per instance; you entered 500.", message);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(240, true)]
    [InlineData(241, false)]
    public void RamGb_MustBeBetween4And240(int ram, bool valid) =>
        AssertOutcome(d => d.RamGb = ram, DraftFields.RamGb, valid);

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(4096, true)]
    [InlineData(4097, false)]
    [InlineData(int.MaxValue, false)]
    public void StorageGb_MustBeBetween10And4096(int storage, bool valid) =>
        AssertOutcome(d => d.StorageGb = storage, DraftFields.StorageGb, valid);

    [Theory]
    [InlineData(1, ReplicationMode.Asynchronous, true)]
    [InlineData(2, ReplicationMode.Asynchronous, true)]
    [InlineData(1, ReplicationMode.StrictlySynchronous, false)]
    [InlineData(2, ReplicationMode.StrictlySynchronous, false)]
    [InlineData(3, ReplicationMode.StrictlySynchronous, true)]
    [InlineData(5, ReplicationMode.StrictlySynchronous, true)]
    public void ReplicationMode_StrictlySynchronous_NeedsThreeInstances(int instances, ReplicationMode mode, bool valid) =>
        AssertOutcome(d => (d.Instances, d.ReplicationMode) = (instances, mode), DraftFields.ReplicationMode, valid);

    [Fact]
    public void ReplicationMode_StrictlySynchronousWithTwo_ExplainsInPlainWords()
    {
        var message = Assert.Single(Problems(d => (d.Instances, d.ReplicationMode) = (2, ReplicationMode.StrictlySynchronous), DraftFields.ReplicationMode));

        Assert.Contains("needs at least 3 instances; you have 2", message, StringComparison.Ordinal);
        Assert.Contains("Every write waits until all standbys have confirmed it", message, StringComparison.Ordinal);
        Assert.Contains("or asynchronous replication", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void ReplicationMode_Undefined_IsRefused(int tampered) =>
        AssertOutcome(d => d.ReplicationMode = (ReplicationMode)tampered, DraftFields.ReplicationMode, valid: false);

    [Theory]
    [InlineData(ConnectionPooler.Disabled, true)]
    [InlineData(ConnectionPooler.Transaction, true)]
    [InlineData(ConnectionPooler.Session, true)]
    [InlineData((ConnectionPooler)3, false)]
    [InlineData((ConnectionPooler)(-1), false)]
    public void ConnectionPooler_MustBeDefined(ConnectionPooler pooler, bool valid) =>
        AssertOutcome(d => d.ConnectionPooler = pooler, DraftFields.ConnectionPooler, valid);

    // 5. Network

    [Theory]
    [InlineData(WizardData.DatacenterId, true)]
    [InlineData("3F2C6A8E-5B1D-4C7E-9A0F-2D4B6C8E1A3F", true)]
    [InlineData(" 3f2c6a8e-5b1d-4c7e-9a0f-2d4b6c8e1a3f ", true)]
    [InlineData("3f2c6a8e5b1d4c7e9a0f2d4b6c8e1a3f", false)]
    [InlineData("{3f2c6a8e-5b1d-4c7e-9a0f-2d4b6c8e1a3f}", false)]
    [InlineData("3f2c6a8e-5b1d-4c7e-9a0f-2d4b6c8e1a3", false)]
    [InlineData("3f2c6a8e-5b1d-4c7e-9a0f-2d4b6c8e1a3g", false)]
    [InlineData("00000000-0000-0000-0000-000000000000", false)]
    [InlineData("my-datacenter", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void DatacenterId_MustBeAUuid(string? id, bool valid) =>
        AssertOutcome(d => d.DatacenterId = id, DraftFields.DatacenterId, valid);

    [Theory]
    [InlineData("2", true)]
    [InlineData("1", true)]
    [InlineData("10", true)]
    [InlineData("2147483647", true)]
    [InlineData(" 2 ", true)]
    [InlineData("2147483648", false)]
    [InlineData("99999999999", false)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("+2", false)]
    [InlineData("02", false)]
    [InlineData("a", false)]
    [InlineData("2.0", false)]
    [InlineData("٢", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void LanId_MustBeAPositiveNumberWithoutLeadingZeros(string? lanId, bool valid) =>
        AssertOutcome(d => d.LanId = lanId, DraftFields.LanId, valid);

    [Fact]
    public void LanId_LeadingZero_SaysHowToWriteIt()
    {
        var message = Assert.Single(Problems(d => d.LanId = "02", DraftFields.LanId));

        Assert.Equal("'02' is not a LAN ID. Enter the LAN's number as IONOS shows it, for example 2: digits only, no sign and no leading zeros.", message);
    }

    [Theory]
    [InlineData("10.0.0.5/24", true)]
    [InlineData("192.168.1.100/24", true)]
    [InlineData("172.16.0.10/16", true)]
    [InlineData("172.31.255.254/24", true)]
    [InlineData("10.224.0.1/24", true)]
    [InlineData("10.207.255.1/24", true)]
    [InlineData("192.168.1.1/30", true)]
    [InlineData("192.168.1.2/30", true)]
    [InlineData("  192.168.1.100/24  ", true)]
    [InlineData("8.8.8.8/24", false)]
    [InlineData("172.32.0.1/24", false)]
    [InlineData("172.15.255.1/24", false)]
    [InlineData("192.169.1.1/24", false)]
    [InlineData("127.0.0.1/24", false)]
    [InlineData("10.208.1.5/24", false)]
    [InlineData("10.208.0.1/24", false)]
    [InlineData("10.223.255.1/24", false)]
    [InlineData("192.168.1.0/24", false)]
    [InlineData("192.168.1.255/24", false)]
    [InlineData("192.168.1.0/30", false)]
    [InlineData("192.168.1.3/30", false)]
    [InlineData("10.0.0.0/16", false)]
    [InlineData("10.0.255.255/16", false)]
    [InlineData("192.168.1.100", false)]
    [InlineData("192.168.1.100/", false)]
    [InlineData("1.2.3/24", false)]
    [InlineData("1/24", false)]
    [InlineData("1.2.3.4.5/24", false)]
    [InlineData("256.1.1.1/24", false)]
    [InlineData("192.168.01.1/24", false)]
    [InlineData("0x0a.0.0.1/24", false)]
    [InlineData("192.168.1.100/33", false)]
    [InlineData("192.168.1.100/32", false)]
    [InlineData("192.168.1.100/31", false)]
    [InlineData("10.0.0.5/15", false)]
    [InlineData("10.0.0.5/8", false)]
    [InlineData("192.168.1.100/0", false)]
    [InlineData("192.168.1.100/024", false)]
    [InlineData("192.168.1.100/-24", false)]
    [InlineData("192.168.1.100/+24", false)]
    [InlineData("192.168.1.100/24/8", false)]
    [InlineData("192.168.1.100 /24", false)]
    [InlineData("192.168.1.-1/24", false)]
    [InlineData("fd00::1/64", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void PrimaryInstanceAddress_MustBeAPrivateHostWithPrefix(string? address, bool valid) =>
        AssertOutcome(d => d.PrimaryInstanceAddress = address, DraftFields.PrimaryInstanceAddress, valid);

    [Theory]
    [InlineData("10.208.1.5/24", "10.208.1.5 is inside 10.208.0.0/12, which IONOS reserves for its own use")]
    [InlineData("8.8.8.8/24", "8.8.8.8 is not a private address")]
    [InlineData("192.168.1.0/24", "192.168.1.0 is the network address of the /24 subnet, not a host address. Choose an address inside the subnet, for example 192.168.1.1/24.")]
    [InlineData("192.168.1.255/24", "192.168.1.255 is the broadcast address of the /24 subnet, not a host address. Choose an address inside the subnet, for example 192.168.1.254/24.")]
    [InlineData("192.168.1.100", "Add the prefix length after the address, for example 192.168.1.100/24")]
    [InlineData("1.2.3/24", "'1.2.3' is not an IPv4 address: write four numbers from 0 to 255")]
    [InlineData("192.168.1.100/33", "'/33' is not a prefix length")]
    [InlineData("10.0.0.5/8", "The prefix length must be between /16 and /30; you entered /8.")]
    public void PrimaryInstanceAddress_Refused_SaysWhatIsWrongAndHowToFixIt(string address, string expected)
    {
        var message = Assert.Single(Problems(d => d.PrimaryInstanceAddress = address, DraftFields.PrimaryInstanceAddress));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateIpv4Cidr_Valid_ExposesAddressPrefixAndNetwork()
    {
        Assert.True(PrivateIpv4Cidr.TryParse("192.168.1.100/24", out var cidr, out var problem));

        Assert.Null(problem);
        Assert.Equal("192.168.1.100", cidr!.Address.ToString());
        Assert.Equal(24, cidr.PrefixLength);
        Assert.Equal("192.168.1.0", cidr.Network.ToString());
        Assert.Equal("192.168.1.100/24", cidr.ToString());
    }

    // 6. Maintenance window

    [Theory]
    [InlineData(DayOfWeek.Sunday, true)]
    [InlineData(DayOfWeek.Saturday, true)]
    [InlineData((DayOfWeek)7, false)]
    [InlineData((DayOfWeek)(-1), false)]
    [InlineData(null, false)]
    public void MaintenanceDay_MustBeADayOfTheWeek(DayOfWeek? day, bool valid) =>
        AssertOutcome(d => d.MaintenanceDay = day, DraftFields.MaintenanceDay, valid);

    [Theory]
    [InlineData("09:00:00", true)]
    [InlineData("00:00:00", true)]
    [InlineData("23:59:59", true)]
    [InlineData("9:00:00", false)]
    [InlineData("24:00:00", false)]
    [InlineData("09:60:00", false)]
    [InlineData("09:00:60", false)]
    [InlineData("09:00", false)]
    [InlineData("09:00:00Z", false)]
    [InlineData("09-00-00", false)]
    [InlineData(" 09:00:00", false)]
    [InlineData("０９:00:00", false)]
    [InlineData("ab:cd:ef", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void MaintenanceTime_MustBeHhMmSs(string? time, bool valid) =>
        AssertOutcome(d => d.MaintenanceTime = time, DraftFields.MaintenanceTime, valid);

    [Fact]
    public void MaintenanceTime_Malformed_ShowsTheExpectedForm()
    {
        var message = Assert.Single(Problems(d => d.MaintenanceTime = "9:00", DraftFields.MaintenanceTime));

        Assert.Contains("'9:00' is not a start time", message, StringComparison.Ordinal);
        Assert.Contains("HH:MM:SS", message, StringComparison.Ordinal);
        Assert.Contains("09:00:00", message, StringComparison.Ordinal);
    }

    // 7. Credentials

    [Theory]
    [InlineData("app_admin", true)]
    [InlineData("A", true)]
    [InlineData("postgres1", true)]
    [InlineData("administrator", true)]
    [InlineData("abcdefghijklmnop", true)]
    [InlineData("abcdefghijklmnopq", false)]
    [InlineData("app-admin", false)]
    [InlineData("app admin", false)]
    [InlineData("ädmin", false)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    [InlineData(null, false)]
    public void Username_FollowsTheContract(string? username, bool valid) =>
        AssertOutcome(d => d.Username = username!, DraftFields.Username, valid);

    [Theory]
    [InlineData("postgres")]
    [InlineData("Postgres")]
    [InlineData("POSTGRES")]
    [InlineData("admin")]
    [InlineData("Admin")]
    [InlineData("standby")]
    [InlineData("StandBy")]
    [InlineData("root")]
    [InlineData("Replicator")]
    [InlineData("public")]
    public void Username_Reserved_IsRefusedInAnyCase(string username)
    {
        var message = Assert.Single(Problems(d => d.Username = username, DraftFields.Username));

        Assert.Equal($"'{username}' is reserved for the system. Choose another username, for example app_admin.", message);
    }

    [Theory]
    [InlineData("pg_monitor")]
    [InlineData("PG_app")]
    public void Username_PgPrefix_IsReservedByPostgres(string username)
    {
        var message = Assert.Single(Problems(d => d.Username = username, DraftFields.Username));

        Assert.Equal("Usernames beginning with pg_ are reserved by PostgreSQL. Choose another username, for example app_admin.", message);
    }

    [Fact]
    public void Username_TooLongAndBadCharacters_ReportsBoth()
    {
        var messages = Problems(d => d.Username = "my-very-long-username", DraftFields.Username);

        Assert.Equal(
            [
                "The username can be at most 16 characters long; you entered 21. Shorten it.",
                "The username may contain only letters, digits and underscores (_); remove '-'.",
            ],
            messages);
    }

    [Theory]
    [InlineData("orders", true)]
    [InlineData("Orders_2", true)]
    [InlineData("postgres_app", true)]
    [InlineData("orders-db", false)]
    [InlineData("orders.db", false)]
    [InlineData("postgres", false)]
    [InlineData("Postgres", false)]
    [InlineData("template0", false)]
    [InlineData("TEMPLATE1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void DatabaseName_FollowsTheContract(string? name, bool valid) =>
        AssertOutcome(d => d.DatabaseName = name!, DraftFields.DatabaseName, valid);

    [Theory]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public void DatabaseName_Length_IsAtMost63(int length, bool valid) =>
        AssertOutcome(d => d.DatabaseName = new string('d', length), DraftFields.DatabaseName, valid);

    // Steps

    public static TheoryData<WizardStep, string[]> StepFields => new()
    {
        { WizardStep.Basics, [DraftFields.Name, DraftFields.Description, DraftFields.Team, DraftFields.Region] },
        { WizardStep.BackupLocation, [DraftFields.BackupLocation, DraftFields.RetentionDays] },
        { WizardStep.Version, [DraftFields.PostgresVersion] },
        { WizardStep.Sizing, [DraftFields.Instances, DraftFields.Cores, DraftFields.RamGb, DraftFields.StorageGb, DraftFields.ReplicationMode, DraftFields.ConnectionPooler] },
        { WizardStep.Network, [DraftFields.DatacenterId, DraftFields.LanId, DraftFields.PrimaryInstanceAddress] },
        { WizardStep.MaintenanceWindow, [DraftFields.MaintenanceDay, DraftFields.MaintenanceTime] },
        { WizardStep.Credentials, [DraftFields.Username, DraftFields.DatabaseName] },
    };

    [Theory]
    [MemberData(nameof(StepFields))]
    public void ValidateStep_EveryFieldWrong_ReportsOnlyThatStepsFields(WizardStep step, string[] fields)
    {
        var report = CreateClusterRules.ValidateStep(step, EverythingWrong(), WizardData.Context());

        Assert.Equal(fields.Order(), report.Problems.Select(p => p.Field).Distinct().Order());
    }

    [Fact]
    public void ValidateStep_ReviewAndValidateAll_ReportEveryStepsProblems()
    {
        var draft = EverythingWrong();
        var all = CreateClusterRules.ValidateAll(draft, WizardData.Context());
        var review = CreateClusterRules.ValidateStep(WizardStep.Review, draft, WizardData.Context());
        var expected = StepFields.SelectMany(row => row.Data.Item2).Order();

        Assert.Equal(expected, all.Problems.Select(p => p.Field).Distinct().Order());
        Assert.Equal(all.Problems, review.Problems);
    }

    [Fact]
    public void ValidateStep_UndefinedStep_ChecksEverything()
    {
        var report = CreateClusterRules.ValidateStep((WizardStep)42, EverythingWrong(), WizardData.Context());

        Assert.Equal(CreateClusterRules.ValidateAll(EverythingWrong(), WizardData.Context()).Problems, report.Problems);
    }

    [Fact]
    public void ValidateStep_ValidDraft_EveryStepIsValid()
    {
        foreach (var step in Enum.GetValues<WizardStep>())
        {
            Assert.True(CreateClusterRules.ValidateStep(step, WizardData.ValidDraft(), WizardData.Context()).IsValid, step.ToString());
        }
    }

    [Fact]
    public void ValidateAll_EmptyAndTamperedDraft_ReportsInsteadOfThrowing()
    {
        var draft = new CreateClusterDraft
        {
            Name = null!,
            Username = null!,
            DatabaseName = null!,
            RetentionDays = int.MinValue,
            Instances = int.MinValue,
            Cores = int.MaxValue,
            RamGb = -1,
            StorageGb = 0,
            ReplicationMode = (ReplicationMode)int.MaxValue,
            ConnectionPooler = (ConnectionPooler)int.MinValue,
            MaintenanceDay = (DayOfWeek)100,
        };

        var report = CreateClusterRules.ValidateAll(draft, new WizardContext([], [], [], []));

        Assert.All(StepFields.SelectMany(row => row.Data.Item2).Where(f => f != DraftFields.Description), field => Assert.NotEmpty(report.For(field)));
    }

    /// <summary>A draft with at least one problem on every field.</summary>
    private static CreateClusterDraft EverythingWrong() => new()
    {
        Name = "-",
        Description = new string('x', 301),
        TeamSlug = "search",
        Region = "us-las",
        BackupLocation = "eu-west-9",
        RetentionDays = 0,
        PostgresVersion = "9",
        Instances = 0,
        Cores = 500,
        RamGb = 3,
        StorageGb = 9,
        ReplicationMode = ReplicationMode.StrictlySynchronous,
        ConnectionPooler = (ConnectionPooler)9,
        DatacenterId = "dc-1",
        LanId = "02",
        PrimaryInstanceAddress = "8.8.8.8/24",
        MaintenanceDay = (DayOfWeek)9,
        MaintenanceTime = "9:00",
        Username = "postgres",
        DatabaseName = "template1",
    };

    /// <summary>Changes one thing on a valid draft; valid: nothing is wrong, invalid: only <paramref name="field"/> is.</summary>
    private static void AssertOutcome(Action<CreateClusterDraft> change, string field, bool valid, WizardContext? context = null)
    {
        var report = CreateClusterRules.ValidateAll(WizardData.With(change), context ?? WizardData.Context());

        if (valid)
        {
            Assert.Empty(report.Problems);
        }
        else
        {
            Assert.NotEmpty(report.Problems);
            Assert.All(report.Problems, p => Assert.Equal(field, p.Field));
        }
    }

    private static List<string> Problems(Action<CreateClusterDraft> change, string field)
    {
        var report = CreateClusterRules.ValidateAll(WizardData.With(change), WizardData.Context());
        Assert.All(report.Problems, p => Assert.Equal(field, p.Field));
        return [.. report.For(field)];
    }
}
