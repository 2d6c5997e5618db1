-- CreateExtension (not in schema.prisma: the schema engine does not see it through the PGlite adapter)
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "incident_status_lastUpdatedAt_idx" ON "incident"("status", "lastUpdatedAt" DESC);

-- CreateIndex
CREATE INDEX "incident_id_idx" ON "incident"("id");

-- CreateIndex
CREATE INDEX "incident_title_idx" ON "incident" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "incident_assignedTo_idx" ON "incident" USING GIN ("assignedTo" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "incident_tags_idx" ON "incident" USING GIN ("tags");
