"""Reference gate Lambda for Statecraft's ConcurrencyGate (Docs/DSL.md, "The gate Lambda contract").

Event: {"action": "acquire" | "release", "lockName": str, "owner": str, "limit": int}
  acquire -> {"acquired": bool, "holders": int}: acquired is true when the owner holds a slot after the
             call (also when it already held one).
  release -> {"released": bool, "holders": int}: released is false when the owner held no slot.

One DynamoDB item per lock (key "LockName", table from the LOCK_TABLE environment variable): the
attribute "currentlockcount" counts the holders and each holder has an attribute named by its owner
(the execution ARN). Each action is one conditional UpdateItem, so two executions can never both take
the last slot.
"""
import datetime
import os

import boto3
from botocore.exceptions import ClientError

_table = None


def table():
    """The lock table (created once per Lambda container)."""
    global _table
    if _table is None:
        _table = boto3.resource("dynamodb").Table(os.environ["LOCK_TABLE"])
    return _table


def holders(lock_name):
    item = table().get_item(Key={"LockName": lock_name}, ConsistentRead=True).get("Item") or {}
    return item, int(item.get("currentlockcount", 0))


def acquire(lock_name, owner, limit):
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    try:
        result = table().update_item(
            Key={"LockName": lock_name},
            UpdateExpression="ADD #count :one SET #owner = :now",
            ConditionExpression="(attribute_not_exists(#count) OR #count < :limit) AND attribute_not_exists(#owner)",
            ExpressionAttributeNames={"#count": "currentlockcount", "#owner": owner},
            ExpressionAttributeValues={":one": 1, ":limit": limit, ":now": now},
            ReturnValues="UPDATED_NEW",
        )
        return {"acquired": True, "holders": int(result["Attributes"]["currentlockcount"])}
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
    # The condition failed: either every slot is taken, or this owner already holds one.
    item, count = holders(lock_name)
    return {"acquired": owner in item, "holders": count}


def release(lock_name, owner):
    try:
        result = table().update_item(
            Key={"LockName": lock_name},
            UpdateExpression="ADD #count :minusone REMOVE #owner",
            ConditionExpression="attribute_exists(#owner)",
            ExpressionAttributeNames={"#count": "currentlockcount", "#owner": owner},
            ExpressionAttributeValues={":minusone": -1},
            ReturnValues="UPDATED_NEW",
        )
        return {"released": True, "holders": int(result["Attributes"]["currentlockcount"])}
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
    _, count = holders(lock_name)
    return {"released": False, "holders": count}


def lambda_handler(event, context):
    action = event.get("action")
    lock_name = event.get("lockName")
    owner = event.get("owner")
    if not isinstance(lock_name, str) or not isinstance(owner, str) or not lock_name or not owner:
        raise ValueError("the gate needs lockName and owner strings")
    if action == "acquire":
        limit = event.get("limit")
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ValueError("acquire needs a positive integer limit")
        return acquire(lock_name, owner, limit)
    if action == "release":
        return release(lock_name, owner)
    raise ValueError(f"unknown action {action!r}; expected acquire or release")
