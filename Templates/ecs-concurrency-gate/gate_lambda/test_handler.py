"""Tests of the reference gate Lambda against moto's DynamoDB: python3 -m unittest discover -s <this folder>."""
import os
import threading
import unittest

import boto3
from moto import mock_aws

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ["LOCK_TABLE"] = "locks"

import handler  # noqa: E402


def event(action, owner, limit=2, lock="ecs-batch"):
    return {"action": action, "lockName": lock, "owner": owner, "limit": limit}


class GateTests(unittest.TestCase):
    def setUp(self):
        self.mock = mock_aws()
        self.mock.start()
        boto3.client("dynamodb").create_table(
            TableName="locks",
            KeySchema=[{"AttributeName": "LockName", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "LockName", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        handler._table = None

    def tearDown(self):
        self.mock.stop()

    def test_slots_up_to_the_limit_then_refusal(self):
        self.assertEqual(handler.lambda_handler(event("acquire", "e1"), None), {"acquired": True, "holders": 1})
        self.assertEqual(handler.lambda_handler(event("acquire", "e2"), None), {"acquired": True, "holders": 2})
        self.assertEqual(handler.lambda_handler(event("acquire", "e3"), None), {"acquired": False, "holders": 2})

    def test_acquiring_twice_keeps_one_slot(self):
        handler.lambda_handler(event("acquire", "e1"), None)
        self.assertEqual(handler.lambda_handler(event("acquire", "e1"), None), {"acquired": True, "holders": 1})

    def test_release_frees_a_slot_once(self):
        handler.lambda_handler(event("acquire", "e1", limit=1), None)
        self.assertFalse(handler.lambda_handler(event("acquire", "e2", limit=1), None)["acquired"])
        self.assertEqual(handler.lambda_handler(event("release", "e1"), None), {"released": True, "holders": 0})
        self.assertEqual(handler.lambda_handler(event("release", "e1"), None), {"released": False, "holders": 0})
        self.assertTrue(handler.lambda_handler(event("acquire", "e2", limit=1), None)["acquired"])
        item = boto3.resource("dynamodb").Table("locks").get_item(Key={"LockName": "ecs-batch"})["Item"]
        self.assertIn("e2", item)
        self.assertNotIn("e1", item)

    def test_locks_are_independent(self):
        handler.lambda_handler(event("acquire", "e1", limit=1, lock="a"), None)
        self.assertTrue(handler.lambda_handler(event("acquire", "e2", limit=1, lock="b"), None)["acquired"])

    def test_concurrent_acquires_never_exceed_the_limit(self):
        results = []
        lock = threading.Lock()

        def take(owner):
            result = handler.lambda_handler(event("acquire", owner, limit=3), None)
            with lock:
                results.append(result["acquired"])

        threads = [threading.Thread(target=take, args=(f"e{i}",)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results.count(True), 3)
        item = boto3.resource("dynamodb").Table("locks").get_item(Key={"LockName": "ecs-batch"})["Item"]
        self.assertEqual(int(item["currentlockcount"]), 3)

    def test_bad_events_are_refused(self):
        for bad in [{"action": "acquire", "lockName": "x", "owner": "e1"},
                    {"action": "acquire", "lockName": "x", "owner": "e1", "limit": True},
                    {"action": "steal", "lockName": "x", "owner": "e1"},
                    {"action": "release", "owner": "e1"}]:
            with self.assertRaises(ValueError):
                handler.lambda_handler(bad, None)


if __name__ == "__main__":
    unittest.main()
