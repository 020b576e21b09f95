using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webhooks.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ConsoleJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ManualAttempts",
                table: "Deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Manual attempts made before this column existed: the retry schedule must not count them either.
            migrationBuilder.Sql("""
                UPDATE "Deliveries" SET "ManualAttempts" =
                    (SELECT COUNT(*) FROM "DeliveryAttempts" AS a WHERE a."DeliveryId" = "Deliveries"."Id" AND a."Trigger" = 1)
                WHERE "Id" IN (SELECT "DeliveryId" FROM "DeliveryAttempts" WHERE "Trigger" = 1)
                """);

            migrationBuilder.CreateTable(
                name: "ConsoleJobs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    HangfireJobId = table.Column<string>(type: "TEXT", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    DeliveryId = table.Column<string>(type: "TEXT", nullable: true),
                    EndpointId = table.Column<string>(type: "TEXT", nullable: true),
                    Since = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Statuses = table.Column<string>(type: "TEXT", nullable: true),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsoleJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConsoleJobDeliveries",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "TEXT", nullable: false),
                    DeliveryId = table.Column<string>(type: "TEXT", nullable: false),
                    HandledAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsoleJobDeliveries", x => new { x.JobId, x.DeliveryId });
                    table.ForeignKey(
                        name: "FK_ConsoleJobDeliveries_ConsoleJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "ConsoleJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ConsoleJobDeliveries_Deliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "Deliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsoleJobDeliveries_DeliveryId",
                table: "ConsoleJobDeliveries",
                column: "DeliveryId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsoleJobs_EndpointId_Kind_CreatedAt",
                table: "ConsoleJobs",
                columns: new[] { "EndpointId", "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsoleJobs_HangfireJobId",
                table: "ConsoleJobs",
                column: "HangfireJobId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsoleJobDeliveries");

            migrationBuilder.DropTable(
                name: "ConsoleJobs");

            migrationBuilder.DropColumn(
                name: "ManualAttempts",
                table: "Deliveries");
        }
    }
}
