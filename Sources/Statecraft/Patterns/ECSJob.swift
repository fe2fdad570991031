import StatesLanguage

extension Retry {
    /// Seed 002's lesson, made safe at volume: retry ECS API errors (throttling surfaces as
    /// `ECS.AmazonECSException`) with exponential backoff from 3 s, capped at 60 s, with full jitter so
    /// that many executions throttled together do not retry together.
    public static let ecsThrottling = Retry(on: [.ecsAmazonECSException], interval: 3, maxAttempts: 6, backoffRate: 2.0, maxDelay: 60, jitter: .full)

    /// A task that stopped with a failure (`States.TaskFailed`: an essential container exited non-zero;
    /// `AmazonECS.Unknown`: RunTask returned `failures`): try twice more, 30 s then 60 s later.
    public static let ecsTaskFailures = Retry(on: [.taskFailed], interval: 30, maxAttempts: 2, backoffRate: 2.0)
}

/// An ECS job: `ecs:runTask.sync` on Fargate (or another launch) that waits for the task to stop, retries
/// throttling with capped, jittered backoff (``Retry/ecsThrottling``) and retries task failures
/// (``Retry/ecsTaskFailures``; pass `nil` for none). Every `ECS.RunTask` modifier still applies.
///
/// ```swift
/// ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch:3", subnets: ["subnet-0a1b"], securityGroups: ["sg-0c2d"])
/// ```
public func ECSJob(
    _ name: String, cluster: PayloadValue? = nil, taskDefinition: PayloadValue, compute: ECS.Compute = .fargate,
    subnets: [PayloadValue], securityGroups: [PayloadValue] = [], assignPublicIp: ECS.AssignPublicIp = false,
    overrides: [ECS.ContainerOverride] = [], throttling: Retry = .ecsThrottling, taskFailures: Retry? = .ecsTaskFailures,
    fileID: String = #fileID, line: Int = #line
) -> ECS.RunTask {
    var job = ECS.RunTask(
        name, .sync, cluster: cluster, taskDefinition: taskDefinition, compute: compute,
        network: .awsvpc(subnets: subnets, securityGroups: securityGroups, assignPublicIp: assignPublicIp),
        overrides: overrides, fileID: fileID, line: line
    ).retry(throttling, fileID: fileID, line: line)
    if let taskFailures { job = job.retry(taskFailures, fileID: fileID, line: line) }
    return job
}
