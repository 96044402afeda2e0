using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AuditChainSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "PreviousHash",
                table: "AuditEntries",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character(64)",
                oldFixedLength: true,
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "Hash",
                table: "AuditEntries",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character(64)",
                oldFixedLength: true,
                oldMaxLength: 64);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "AuditEntries",
                type: "bigint",
                nullable: true);

            // Existing entries were chained in Id order under the old append lock: that order becomes their sequence.
            migrationBuilder.Sql("""
                UPDATE "AuditEntries" SET "Sequence" = n.rn
                FROM (SELECT "Id", row_number() OVER (ORDER BY "Id") AS rn FROM "AuditEntries") AS n
                WHERE "AuditEntries"."Id" = n."Id";
                """);

            // Sealing updates each new row once, leaving a dead version in every index of the newest part of the log, which the
            // audit page reads most. The default thresholds (20 % of the table) would leave them for 200,000 changes at a million
            // entries; vacuum every 10,000 instead, which also keeps the newest pages all-visible for index-only counts.
            migrationBuilder.Sql("""
                ALTER TABLE "AuditEntries" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000,
                    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Sequence",
                table: "AuditEntries",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Unsealed",
                table: "AuditEntries",
                column: "Id",
                filter: "\"Sequence\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Refuses (NOT NULL) while any entry is unsealed; and the old code walks the chain by Id, which matches the
            // sequence only for entries sealed in Id order.
            migrationBuilder.Sql("""
                ALTER TABLE "AuditEntries" RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
                    autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold);
                """);

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Sequence",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Unsealed",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "AuditEntries");

            migrationBuilder.AlterColumn<string>(
                name: "PreviousHash",
                table: "AuditEntries",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Hash",
                table: "AuditEntries",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldNullable: true);
        }
    }
}
