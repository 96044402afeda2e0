using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ApprovalsAndExecution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DnsName",
                table: "ClusterRequests",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FailedObservedSince",
                table: "ClusterRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OverQuota",
                table: "ClusterRequests",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProvisioningStartedAt",
                table: "ClusterRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusMessage",
                table: "ClusterRequests",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApprovalPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    AutoApprovalEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    MaxCores = table.Column<int>(type: "integer", nullable: false),
                    MaxRamGb = table.Column<int>(type: "integer", nullable: false),
                    MaxInstances = table.Column<int>(type: "integer", nullable: false),
                    MaxStorageGb = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    UpdatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalPolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TeamQuotas",
                columns: table => new
                {
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    MaxClusters = table.Column<int>(type: "integer", nullable: true),
                    MaxTotalCores = table.Column<int>(type: "integer", nullable: true),
                    MaxTotalRamGb = table.Column<int>(type: "integer", nullable: true),
                    MaxTotalStorageGb = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    UpdatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamQuotas", x => x.TeamId);
                    table.ForeignKey(
                        name: "FK_TeamQuotas_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserNotificationStates",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserNotificationStates", x => x.UserId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApprovalPolicies");

            migrationBuilder.DropTable(
                name: "TeamQuotas");

            migrationBuilder.DropTable(
                name: "UserNotificationStates");

            migrationBuilder.DropColumn(
                name: "DnsName",
                table: "ClusterRequests");

            migrationBuilder.DropColumn(
                name: "FailedObservedSince",
                table: "ClusterRequests");

            migrationBuilder.DropColumn(
                name: "OverQuota",
                table: "ClusterRequests");

            migrationBuilder.DropColumn(
                name: "ProvisioningStartedAt",
                table: "ClusterRequests");

            migrationBuilder.DropColumn(
                name: "StatusMessage",
                table: "ClusterRequests");
        }
    }
}
