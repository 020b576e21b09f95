using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webhooks.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DropAttemptStartedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DeliveryAttempts_StartedAt",
                table: "DeliveryAttempts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_DeliveryAttempts_StartedAt",
                table: "DeliveryAttempts",
                column: "StartedAt");
        }
    }
}
