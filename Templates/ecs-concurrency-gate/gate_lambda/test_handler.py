"""Tests of the reference gate Lambda against moto's DynamoDB: python3 -m unittest discover -s <this folder>."""
import os
import unittest

import boto3
from moto import mock_aws

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ["LOCK_TABLE"] = "locks"

import handler  # noqa: E402


def event(action, owner, limit=2, lock="ecs-batch", lease=None):
    e = {"action": action, "lockName": lock, "owner": owner, "limit": limit}
    if lease is not None:
        e["leaseSeconds"] = lease
    return e


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
        boto3.client("sns").create_topic(Name="alerts")
        handler._table = None
        handler._sns = None
        handler._states = None
        self.clock = 1_000_000
        handler.now = lambda: self.clock

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

    def test_a_reclaim_never_takes_a_lease_renewed_after_it_was_read(self):
        # The race between two Lambdas, interleaved by hand (moto does not make one UpdateItem atomic
        # across threads, so a threaded test would test moto): B reads e1's expired lease, e1 renews,
        # then B's reclaim, conditioned on the expiry it read, must fail.
        handler.lambda_handler(event("acquire", "e1", limit=1, lease=60), None)
        self.clock += 61
        stale, _ = handler.read("ecs-batch")
        self.assertTrue(handler.lambda_handler(event("renew", "e1", lease=60), None)["renewed"])
        self.assertEqual(handler.reclaim_expired("ecs-batch", stale, self.clock), 0)
        item, count = handler.read("ecs-batch")
        self.assertEqual((count, int(item["e1"])), (1, self.clock + 60))
        self.assertFalse(handler.lambda_handler(event("acquire", "e2", limit=1, lease=60), None)["acquired"])

    def test_an_expired_lease_is_reclaimed_by_the_next_acquire(self):
        handler.lambda_handler(event("acquire", "e1", limit=1, lease=60), None)
        self.assertFalse(handler.lambda_handler(event("acquire", "e2", limit=1, lease=60), None)["acquired"])
        self.clock += 61
        self.assertEqual(handler.lambda_handler(event("acquire", "e2", limit=1, lease=60), None), {"acquired": True, "holders": 1})
        item = boto3.resource("dynamodb").Table("locks").get_item(Key={"LockName": "ecs-batch"})["Item"]
        self.assertNotIn("e1", item)
        self.assertEqual(int(item["e2"]), self.clock + 60)

    def execution(self, name):
        """A RUNNING execution in moto's Step Functions: its ARN."""
        sfn = boto3.client("stepfunctions")
        machine = sfn.create_state_machine(
            name=f"m-{name}", definition='{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}',
            roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
        return sfn.start_execution(stateMachineArn=machine, name=name)["executionArn"]

    def test_a_running_owner_keeps_its_slot_past_its_lease(self):
        # A 2-hour .sync task under a 15-minute lease: every acquire that finds the lease run out asks
        # Step Functions, finds the holder RUNNING and renews it; once it has ended, the slot is taken.
        owner = self.execution("long-job")
        self.assertTrue(handler.lambda_handler(event("acquire", owner, limit=1, lease=900), None)["acquired"])
        for _ in range(8):
            self.clock += 901
            self.assertEqual(handler.lambda_handler(event("acquire", "e2", limit=1, lease=900), None), {"acquired": False, "holders": 1})
            item, count = handler.read("ecs-batch")
            self.assertEqual((count, int(item[owner])), (1, self.clock + 900))
        boto3.client("stepfunctions").stop_execution(executionArn=owner)
        self.clock += 901
        self.assertEqual(handler.lambda_handler(event("acquire", "e2", limit=1, lease=900), None), {"acquired": True, "holders": 1})
        item, _ = handler.read("ecs-batch")
        self.assertNotIn(owner, item)

    def test_no_slot_is_taken_when_step_functions_cannot_answer(self):
        from botocore.exceptions import ClientError

        class Throttled:
            def describe_execution(self, executionArn):
                raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, "DescribeExecution")

        handler.lambda_handler(event("acquire", "arn:aws:states:us-east-1:123456789012:execution:m:x", limit=1, lease=60), None)
        handler._states = Throttled()
        self.clock += 61
        self.assertFalse(handler.lambda_handler(event("acquire", "e2", limit=1, lease=60), None)["acquired"])

    def test_renewing_keeps_the_slot_past_the_first_expiry(self):
        handler.lambda_handler(event("acquire", "e1", limit=1, lease=60), None)
        self.clock += 50
        self.assertEqual(handler.lambda_handler(event("renew", "e1", lease=60), None), {"renewed": True, "holders": 1})
        self.clock += 50
        self.assertFalse(handler.lambda_handler(event("acquire", "e2", limit=1, lease=60), None)["acquired"])
        self.assertEqual(handler.lambda_handler(event("renew", "e9", lease=60), None), {"renewed": False, "holders": 1})

    def test_cleanup_releases_what_an_ended_execution_held_and_alerts(self):
        topic = boto3.client("sns").create_topic(Name="alerts")["TopicArn"]
        os.environ["ALERT_TOPIC_ARN"] = topic
        try:
            handler.lambda_handler(event("acquire", "e1", limit=2, lock="a"), None)
            handler.lambda_handler(event("acquire", "e1", limit=2, lock="b"), None)
            handler.lambda_handler(event("acquire", "e2", limit=2, lock="a"), None)
            cleaned = handler.lambda_handler({"action": "cleanup", "owner": "e1", "status": "FAILED"}, None)
            self.assertEqual(cleaned, {"released": 2})
            self.assertEqual(handler.lambda_handler({"action": "cleanup", "owner": "e1", "status": "FAILED"}, None), {"released": 0})
            item = boto3.resource("dynamodb").Table("locks").get_item(Key={"LockName": "a"})["Item"]
            self.assertEqual(int(item["currentlockcount"]), 1)
            self.assertIn("e2", item)
        finally:
            del os.environ["ALERT_TOPIC_ARN"]

    def test_bad_events_are_refused(self):
        for bad in [{"action": "acquire", "lockName": "x", "owner": "e1"},
                    {"action": "acquire", "lockName": "x", "owner": "e1", "limit": True},
                    {"action": "steal", "lockName": "x", "owner": "e1"},
                    {"action": "release", "owner": "e1"},
                    {"action": "acquire", "lockName": "x", "owner": "e1", "limit": 1, "leaseSeconds": 0},
                    {"action": "cleanup"}]:
            with self.assertRaises(ValueError):
                handler.lambda_handler(bad, None)


if __name__ == "__main__":
    unittest.main()
