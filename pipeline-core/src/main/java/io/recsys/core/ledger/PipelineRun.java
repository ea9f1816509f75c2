package io.recsys.core.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of the run ledger: a stage execution from start to its final state. */
@Entity
@Table(name = "pipeline_runs")
public class PipelineRun extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String stage;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger", nullable = false)
    public Trigger trigger;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunStatus status;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "duration_ms")
    public Long durationMs;

    @Column(nullable = false)
    public String host;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> options;

    /** The run this one was started on behalf of (its chain's previous link), if any. */
    @Column(name = "parent_run_id")
    public UUID parentRunId;

    /** A dry run: it changed nothing, so it never counts as a success of the stage. */
    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "input_versions")
    public Map<String, Object> inputVersions;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> outputs;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metrics;

    public String message;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "error_report_path")
    public String errorReportPath;

    @Column(nullable = false)
    public int attempt = 1;

    @Column(name = "exit_code")
    public Integer exitCode;

    /**
     * The one place a status changes. Only RUNNING moves, and only to a final state: a finished
     * run is history and never changes again.
     */
    public void transitionTo(RunStatus next, Instant at) {
        if (status != RunStatus.RUNNING) {
            throw new IllegalStateException("run " + id + " is already " + status + "; cannot become " + next);
        }
        if (!next.isFinal()) {
            throw new IllegalStateException("run " + id + " can only move from RUNNING to a final state, not " + next);
        }
        status = next;
        finishedAt = at;
        durationMs = Math.max(0, at.toEpochMilli() - startedAt.toEpochMilli());
        exitCode = next.exitCode().code();
    }
}
