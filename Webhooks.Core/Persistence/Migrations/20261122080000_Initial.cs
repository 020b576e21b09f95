using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Webhooks.Core.Persistence.Migrations;

/// <summary>
/// The first schema: identity tables, catalog, endpoints, events, deliveries and attempts, API keys,
/// audit and inbox. Written by hand (the EF design-time tools cannot run here); the test
/// <c>Migrations_ProduceSameSchema_AsEnsureCreated</c> keeps it equal to the model.
/// </summary>
[DbContext(typeof(WebhooksDbContext))]
[Migration("20261122080000_Initial")]
public partial class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "ApiKeys" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_ApiKeys" PRIMARY KEY,
                "Name" TEXT NOT NULL,
                "Prefix" TEXT NOT NULL,
                "Hash" TEXT NOT NULL,
                "Scopes" TEXT NOT NULL,
                "CreatedAt" TEXT NOT NULL,
                "CreatedBy" TEXT NULL,
                "LastUsedAt" TEXT NULL,
                "RevokedAt" TEXT NULL
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetRoles" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
                "Name" TEXT NULL,
                "NormalizedName" TEXT NULL,
                "ConcurrencyStamp" TEXT NULL
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUsers" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
                "UserName" TEXT NULL,
                "NormalizedUserName" TEXT NULL,
                "Email" TEXT NULL,
                "NormalizedEmail" TEXT NULL,
                "EmailConfirmed" INTEGER NOT NULL,
                "PasswordHash" TEXT NULL,
                "SecurityStamp" TEXT NULL,
                "ConcurrencyStamp" TEXT NULL,
                "PhoneNumber" TEXT NULL,
                "PhoneNumberConfirmed" INTEGER NOT NULL,
                "TwoFactorEnabled" INTEGER NOT NULL,
                "LockoutEnd" TEXT NULL,
                "LockoutEnabled" INTEGER NOT NULL,
                "AccessFailedCount" INTEGER NOT NULL
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AuditEntries" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
                "At" TEXT NOT NULL,
                "Actor" TEXT NOT NULL,
                "Action" TEXT NOT NULL,
                "TargetType" TEXT NOT NULL,
                "TargetId" TEXT NULL,
                "Details" TEXT NULL
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "Endpoints" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Endpoints" PRIMARY KEY,
                "Name" TEXT NOT NULL,
                "Url" TEXT NOT NULL,
                "Description" TEXT NOT NULL,
                "IsEnabled" INTEGER NOT NULL,
                "DisabledReason" TEXT NULL,
                "DisabledAutomatically" INTEGER NOT NULL,
                "Subscriptions" TEXT NOT NULL,
                "SignatureScheme" INTEGER NOT NULL,
                "SecretProtected" TEXT NOT NULL,
                "SecretHint" TEXT NOT NULL,
                "PreviousSecretProtected" TEXT NULL,
                "PreviousSecretExpiresAt" TEXT NULL,
                "AuthMode" INTEGER NOT NULL,
                "AuthUsername" TEXT NULL,
                "AuthSecretProtected" TEXT NULL,
                "CustomHeaders" TEXT NOT NULL,
                "TimeoutSeconds" INTEGER NOT NULL,
                "RetryEnabled" INTEGER NOT NULL,
                "RateLimitPerSecond" INTEGER NULL,
                "ConsecutiveFailures" INTEGER NOT NULL,
                "LastSuccessAt" TEXT NULL,
                "LastFailureAt" TEXT NULL,
                "LastError" TEXT NULL,
                "FromConfiguration" INTEGER NOT NULL,
                "CreatedAt" TEXT NOT NULL,
                "UpdatedAt" TEXT NOT NULL,
                "Version" TEXT NOT NULL
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "Events" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Events" PRIMARY KEY,
                "Type" TEXT NOT NULL,
                "Data" TEXT NOT NULL,
                "Metadata" TEXT NULL,
                "OccurredAt" TEXT NOT NULL,
                "IdempotencyKey" TEXT NULL
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "EventTypes" (
                "Name" TEXT NOT NULL CONSTRAINT "PK_EventTypes" PRIMARY KEY,
                "Group" TEXT NOT NULL,
                "Description" TEXT NOT NULL,
                "SamplePayload" TEXT NOT NULL,
                "Schema" TEXT NULL,
                "IsArchived" INTEGER NOT NULL,
                "IsBuiltIn" INTEGER NOT NULL,
                "CreatedAt" TEXT NOT NULL,
                "UpdatedAt" TEXT NOT NULL
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "Inboxes" (
                "Token" TEXT NOT NULL CONSTRAINT "PK_Inboxes" PRIMARY KEY,
                "Name" TEXT NOT NULL,
                "CreatedAt" TEXT NOT NULL
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetRoleClaims" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
                "RoleId" TEXT NOT NULL,
                "ClaimType" TEXT NULL,
                "ClaimValue" TEXT NULL,
                CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUserClaims" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
                "UserId" TEXT NOT NULL,
                "ClaimType" TEXT NULL,
                "ClaimValue" TEXT NULL,
                CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUserLogins" (
                "LoginProvider" TEXT NOT NULL,
                "ProviderKey" TEXT NOT NULL,
                "ProviderDisplayName" TEXT NULL,
                "UserId" TEXT NOT NULL,
                CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
                CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUserRoles" (
                "UserId" TEXT NOT NULL,
                "RoleId" TEXT NOT NULL,
                CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
                CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "AspNetUserTokens" (
                "UserId" TEXT NOT NULL,
                "LoginProvider" TEXT NOT NULL,
                "Name" TEXT NOT NULL,
                "Value" TEXT NULL,
                CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
                CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "Deliveries" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Deliveries" PRIMARY KEY,
                "EventId" TEXT NOT NULL,
                "EndpointId" TEXT NOT NULL,
                "EventType" TEXT NOT NULL,
                "Status" INTEGER NOT NULL,
                "AttemptCount" INTEGER NOT NULL,
                "NextAttemptAt" TEXT NULL,
                "NextTrigger" INTEGER NOT NULL,
                "LeasedUntil" TEXT NULL,
                "LeasedBy" TEXT NULL,
                "IsTest" INTEGER NOT NULL,
                "CreatedAt" TEXT NOT NULL,
                "LastAttemptAt" TEXT NULL,
                "LastStatusCode" INTEGER NULL,
                "LastDurationMs" INTEGER NULL,
                "LastError" TEXT NULL,
                "UnsettledClaims" INTEGER NOT NULL DEFAULT 0,
                CONSTRAINT "FK_Deliveries_Endpoints_EndpointId" FOREIGN KEY ("EndpointId") REFERENCES "Endpoints" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_Deliveries_Events_EventId" FOREIGN KEY ("EventId") REFERENCES "Events" ("Id") ON DELETE CASCADE
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "InboxRequests" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_InboxRequests" PRIMARY KEY AUTOINCREMENT,
                "InboxToken" TEXT NOT NULL,
                "ReceivedAt" TEXT NOT NULL,
                "Method" TEXT NOT NULL,
                "Headers" TEXT NOT NULL,
                "Body" TEXT NOT NULL,
                "BodyTruncated" INTEGER NOT NULL,
                "Signature" INTEGER NOT NULL,
                "EndpointId" TEXT NULL,
                CONSTRAINT "FK_InboxRequests_Inboxes_InboxToken" FOREIGN KEY ("InboxToken") REFERENCES "Inboxes" ("Token") ON DELETE CASCADE
            )
            """);

        migrationBuilder.Sql("""
            CREATE TABLE "DeliveryAttempts" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_DeliveryAttempts" PRIMARY KEY AUTOINCREMENT,
                "DeliveryId" TEXT NOT NULL,
                "Number" INTEGER NOT NULL,
                "Trigger" INTEGER NOT NULL,
                "StartedAt" TEXT NOT NULL,
                "DurationMs" INTEGER NOT NULL,
                "RequestUrl" TEXT NOT NULL,
                "RequestHeaders" TEXT NOT NULL,
                "RequestBody" TEXT NOT NULL,
                "ResponseStatus" INTEGER NULL,
                "ResponseHeaders" TEXT NULL,
                "ResponseBody" TEXT NULL,
                "ResponseBodyTruncated" INTEGER NOT NULL,
                "Succeeded" INTEGER NOT NULL,
                "ErrorKind" INTEGER NOT NULL,
                "Error" TEXT NULL,
                CONSTRAINT "FK_DeliveryAttempts_Deliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "Deliveries" ("Id") ON DELETE CASCADE
            )
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "IX_ApiKeys_Hash" ON "ApiKeys" ("Hash")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId")
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail")
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Deliveries_CreatedAt" ON "Deliveries" ("CreatedAt")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Deliveries_EndpointId_CreatedAt" ON "Deliveries" ("EndpointId", "CreatedAt")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Deliveries_EventId" ON "Deliveries" ("EventId")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Deliveries_EventType_CreatedAt" ON "Deliveries" ("EventType", "CreatedAt")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Deliveries_Status_CreatedAt" ON "Deliveries" ("Status", "CreatedAt")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Deliveries_Status_NextAttemptAt" ON "Deliveries" ("Status", "NextAttemptAt")
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "IX_DeliveryAttempts_DeliveryId_Number" ON "DeliveryAttempts" ("DeliveryId", "Number")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_DeliveryAttempts_StartedAt" ON "DeliveryAttempts" ("StartedAt")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Endpoints_Name" ON "Endpoints" ("Name")
            """);

        migrationBuilder.Sql("""
            CREATE UNIQUE INDEX "IX_Events_IdempotencyKey" ON "Events" ("IdempotencyKey")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Events_OccurredAt" ON "Events" ("OccurredAt")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_Events_Type_OccurredAt" ON "Events" ("Type", "OccurredAt")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_EventTypes_Group" ON "EventTypes" ("Group")
            """);

        migrationBuilder.Sql("""
            CREATE INDEX "IX_InboxRequests_InboxToken_ReceivedAt" ON "InboxRequests" ("InboxToken", "ReceivedAt")
            """);

    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("DeliveryAttempts");
        migrationBuilder.DropTable("InboxRequests");
        migrationBuilder.DropTable("Deliveries");
        migrationBuilder.DropTable("AspNetUserTokens");
        migrationBuilder.DropTable("AspNetUserRoles");
        migrationBuilder.DropTable("AspNetUserLogins");
        migrationBuilder.DropTable("AspNetUserClaims");
        migrationBuilder.DropTable("AspNetRoleClaims");
        migrationBuilder.DropTable("Inboxes");
        migrationBuilder.DropTable("EventTypes");
        migrationBuilder.DropTable("Events");
        migrationBuilder.DropTable("Endpoints");
        migrationBuilder.DropTable("AuditEntries");
        migrationBuilder.DropTable("AspNetUsers");
        migrationBuilder.DropTable("AspNetRoles");
        migrationBuilder.DropTable("ApiKeys");
    }
}
