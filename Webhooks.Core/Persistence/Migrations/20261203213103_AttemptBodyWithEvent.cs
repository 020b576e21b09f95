using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webhooks.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AttemptBodyWithEvent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite cannot make a column nullable in place, so the table is rebuilt. Written out rather
            // than left to EF, whose rebuild sorts the columns by name: a migrated database keeps the
            // column order a new one is created with (MigrationsTests compares the two).
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_DeliveryAttempts" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_DeliveryAttempts" PRIMARY KEY AUTOINCREMENT,
                    "DeliveryId" TEXT NOT NULL,
                    "Number" INTEGER NOT NULL,
                    "Trigger" INTEGER NOT NULL,
                    "StartedAt" TEXT NOT NULL,
                    "DurationMs" INTEGER NOT NULL,
                    "RequestUrl" TEXT NOT NULL,
                    "RequestHeaders" TEXT NOT NULL,
                    "RequestBody" TEXT NULL,
                    "ResponseStatus" INTEGER NULL,
                    "ResponseHeaders" TEXT NULL,
                    "ResponseBody" TEXT NULL,
                    "ResponseBodyTruncated" INTEGER NOT NULL,
                    "Succeeded" INTEGER NOT NULL,
                    "ErrorKind" INTEGER NOT NULL,
                    "Error" TEXT NULL,
                    CONSTRAINT "FK_DeliveryAttempts_Deliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "Deliveries" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_DeliveryAttempts" ("Id", "DeliveryId", "Number", "Trigger", "StartedAt", "DurationMs", "RequestUrl", "RequestHeaders", "RequestBody", "ResponseStatus", "ResponseHeaders", "ResponseBody", "ResponseBodyTruncated", "Succeeded", "ErrorKind", "Error")
                SELECT "Id", "DeliveryId", "Number", "Trigger", "StartedAt", "DurationMs", "RequestUrl", "RequestHeaders", "RequestBody", "ResponseStatus", "ResponseHeaders", "ResponseBody", "ResponseBodyTruncated", "Succeeded", "ErrorKind", "Error"
                FROM "DeliveryAttempts";
                """);
            // Nothing refers to attempts, so dropping their table deletes no other rows.
            migrationBuilder.Sql("""DROP TABLE "DeliveryAttempts";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_DeliveryAttempts" RENAME TO "DeliveryAttempts";""");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryAttempts_DeliveryId_Number",
                table: "DeliveryAttempts",
                columns: new[] { "DeliveryId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryAttempts_StartedAt",
                table: "DeliveryAttempts",
                column: "StartedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "RequestBody",
                table: "DeliveryAttempts",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
