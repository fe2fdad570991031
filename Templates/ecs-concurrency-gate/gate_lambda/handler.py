"""Reference gate Lambda for Statecraft's ConcurrencyGate (Docs/DSL.md, "The gate Lambda contract").

Events from the workflow: {"action": "acquire" | "renew" | "release", "lockName": str, "owner": str,
"limit": int, "leaseSeconds": int}
  acquire -> {"acquired": bool, "holders": int}: acquired is true when the owner holds a slot after the
             call (also when it already held one; its lease is then renewed).
  renew   -> {"renewed": bool, "holders": int}: extends the owner's lease; false when it held no slot.
  release -> {"released": bool, "holders": int}: released is false when the owner held no slot.
Event from the cleanup rule (EventBridge, Step Functions execution status FAILED, TIMED_OUT, ABORTED):
  {"action": "cleanup", "owner": <execution ARN>, "status": str, "lockName": str (optional)}
  cleanup -> {"released": int}: releases every slot the ended execution still holds; publishes an alert
             to ALERT_TOPIC_ARN (when set) if it released one or the execution timed out or was aborted.

One DynamoDB item per lock (key "LockName", table from the LOCK_TABLE environment variable): the
attribute "currentlockcount" counts the holders, and each holder has an attribute named by its owner
(the execution ARN) whose value is its lease expiry (epoch seconds). Every change is one conditional
UpdateItem, so two executions can never both take the last slot.

A lease that ran out is not taken on trust: an acquire that finds no slot asks Step Functions about
each holder whose lease ran out (DescribeExecution; the function's role needs states:DescribeExecution).
A holder still RUNNING is inside its gated work (a .sync task may run for hours): its lease is renewed.
A holder that ended (or does not exist) is reclaimed. Both are conditional on the expiry that was read,
so a lease renewed meanwhile is neither renewed twice nor taken. When Step Functions cannot answer
(throttled, not allowed), the holder keeps its slot: a slot is never taken on a guess.
"""
import os
import time

import boto3
from botocore.exceptions import ClientError

_table = None
_sns = None
_states = None
# Attributes of a lock item that are not holders.
_RESERVED = {"LockName", "currentlockcount"}


def table():
    """The lock table (created once per Lambda container)."""
    global _table
    if _table is None:
        _table = boto3.resource("dynamodb").Table(os.environ["LOCK_TABLE"])
    return _table


def sns():
    global _sns
    if _sns is None:
        _sns = boto3.client("sns")
    return _sns


def states():
    global _states
    if _states is None:
        _states = boto3.client("stepfunctions")
    return _states


def owner_running(owner):
    """Whether the owner (an execution ARN) is still RUNNING, as DescribeExecution says. An owner that
    does not exist has ended; an answer that cannot be had counts as running."""
    try:
        return states().describe_execution(executionArn=owner)["status"] == "RUNNING"
    except ClientError as error:
        if error.response["Error"]["Code"] in ("ExecutionDoesNotExist", "InvalidArn"):
            return False
        return True


def now():
    return int(time.time())


def _conditional(error):
    return error.response["Error"]["Code"] == "ConditionalCheckFailedException"


def read(lock_name):
    item = table().get_item(Key={"LockName": lock_name}, ConsistentRead=True).get("Item") or {}
    return item, int(item.get("currentlockcount", 0))


def _take(lock_name, owner, limit, expires):
    result = table().update_item(
        Key={"LockName": lock_name},
        UpdateExpression="ADD #count :one SET #owner = :expires",
        ConditionExpression="(attribute_not_exists(#count) OR #count < :limit) AND attribute_not_exists(#owner)",
        ExpressionAttributeNames={"#count": "currentlockcount", "#owner": owner},
        ExpressionAttributeValues={":one": 1, ":limit": limit, ":expires": expires},
        ReturnValues="UPDATED_NEW",
    )
    return int(result["Attributes"]["currentlockcount"])


def _remove(lock_name, holder, condition, values):
    """Removes one holder under `condition`; True when it was removed."""
    try:
        table().update_item(
            Key={"LockName": lock_name},
            UpdateExpression="ADD #count :minusone REMOVE #owner",
            ConditionExpression=condition,
            ExpressionAttributeNames={"#count": "currentlockcount", "#owner": holder},
            ExpressionAttributeValues={":minusone": -1, **values},
        )
        return True
    except ClientError as error:
        if not _conditional(error):
            raise
        return False


def _set_expiry(lock_name, holder, expires, condition, values):
    """Sets a holder's lease expiry under `condition`; True when it was set."""
    try:
        table().update_item(
            Key={"LockName": lock_name},
            UpdateExpression="SET #owner = :expires",
            ConditionExpression=condition,
            ExpressionAttributeNames={"#owner": holder},
            ExpressionAttributeValues={":expires": expires, **values},
        )
        return True
    except ClientError as error:
        if not _conditional(error):
            raise
        return False


def reclaim_expired(lock_name, item, at, lease=3600):
    """Checks the holders whose lease ran out before `at`: a holder whose execution still runs gets a
    new lease of `lease` seconds, the others are removed. Returns how many were removed."""
    reclaimed = 0
    for holder, expires in item.items():
        if holder in _RESERVED or int(expires) >= at:
            continue
        if owner_running(holder):
            # Still the expiry that was read: a renewal meanwhile is not extended twice.
            _set_expiry(lock_name, holder, at + lease, "#owner = :seen", {":seen": expires})
        elif _remove(lock_name, holder, "#owner = :seen", {":seen": expires}):
            reclaimed += 1
    return reclaimed


def renew(lock_name, owner, lease):
    renewed = _set_expiry(lock_name, owner, now() + lease, "attribute_exists(#owner)", {})
    _, count = read(lock_name)
    return {"renewed": renewed, "holders": count}


def acquire(lock_name, owner, limit, lease):
    for attempt in range(2):
        try:
            return {"acquired": True, "holders": _take(lock_name, owner, limit, now() + lease)}
        except ClientError as error:
            if not _conditional(error):
                raise
        # The condition failed: this owner already holds a slot (renew it), or every slot is taken
        # (reclaim expired leases, then try once more).
        item, count = read(lock_name)
        if owner in item:
            return {"acquired": renew(lock_name, owner, lease)["renewed"], "holders": count}
        if attempt == 0 and reclaim_expired(lock_name, item, now(), lease) == 0:
            return {"acquired": False, "holders": count}
    _, count = read(lock_name)
    return {"acquired": False, "holders": count}


def release(lock_name, owner):
    released = _remove(lock_name, owner, "attribute_exists(#owner)", {})
    _, count = read(lock_name)
    return {"released": released, "holders": count}


def cleanup(owner, status, lock_name=None):
    if lock_name is not None:
        names = [lock_name]
    else:
        names, start = [], None
        while True:
            page = table().scan(ProjectionExpression="LockName", **({"ExclusiveStartKey": start} if start else {}))
            names += [item["LockName"] for item in page.get("Items", [])]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
    released = sum(1 for name in names if _remove(name, owner, "attribute_exists(#owner)", {}))
    topic = os.environ.get("ALERT_TOPIC_ARN")
    if topic and (released > 0 or status != "FAILED"):
        sns().publish(
            TopicArn=topic,
            Subject=f"Workflow execution {status}",
            Message=f"Execution {owner} ended {status}; the cleanup rule released {released} gate slot(s) it held",
        )
    return {"released": released}


def _positive_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def lambda_handler(event, context):
    action = event.get("action")
    lock_name = event.get("lockName")
    owner = event.get("owner")
    if not isinstance(owner, str) or not owner:
        raise ValueError("the gate needs an owner string (the execution ARN)")
    if action == "cleanup":
        status = event.get("status", "FAILED")
        if lock_name is not None and (not isinstance(lock_name, str) or not lock_name):
            raise ValueError("cleanup's lockName, when given, must be a non-empty string")
        return cleanup(owner, status if isinstance(status, str) else "FAILED", lock_name)
    if not isinstance(lock_name, str) or not lock_name:
        raise ValueError("the gate needs lockName and owner strings")
    lease = event.get("leaseSeconds", 3600)
    if not _positive_int(lease):
        raise ValueError("leaseSeconds must be a positive integer")
    if action == "acquire":
        limit = event.get("limit")
        if not _positive_int(limit):
            raise ValueError("acquire needs a positive integer limit")
        return acquire(lock_name, owner, limit, lease)
    if action == "renew":
        return renew(lock_name, owner, lease)
    if action == "release":
        return release(lock_name, owner)
    raise ValueError(f"unknown action {action!r}; expected acquire, renew, release or cleanup")
