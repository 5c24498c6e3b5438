-- CreateTable
CREATE TABLE "TelegramUpdateState" (
    "accountId" TEXT NOT NULL PRIMARY KEY,
    "pts" INTEGER NOT NULL,
    "qts" INTEGER NOT NULL,
    "date" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "channels" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TelegramUpdateState_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "TelegramAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

