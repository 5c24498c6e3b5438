-- AlterTable
ALTER TABLE "AuthAttempt" ADD COLUMN "accountLabel" TEXT;
