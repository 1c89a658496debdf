"""Set-up and inspection for the S3 upload tests against a local moto_server with authentication on.

moto checks SigV4 signatures once INITIAL_NO_AUTH_ACTION_COUNT unauthenticated actions are used up; this
script spends them creating an IAM user with an access key and an s3:* policy, then creates the buckets
signed with that key.

  moto_helper.py setup ENDPOINT            → {"access_key_id": …, "secret_access_key": …}
  moto_helper.py get ENDPOINT KEY SECRET BUCKET OBJECT → {"body": …, "content_type": …}
"""
import json
import sys

import boto3


def client(service, endpoint, key="test", secret="test"):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret)


def setup(endpoint):
    iam = client("iam", endpoint)
    iam.create_user(UserName="qsp-node")
    key = iam.create_access_key(UserName="qsp-node")["AccessKey"]
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    iam.put_user_policy(UserName="qsp-node", PolicyName="s3", PolicyDocument=json.dumps(policy))
    s3 = client("s3", endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    s3.create_bucket(Bucket="qsp-reports")
    s3.create_bucket(Bucket="qsp-contracts")
    print(json.dumps({"access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}))


def get(endpoint, key, secret, bucket, name):
    s3 = client("s3", endpoint, key, secret)
    obj = s3.get_object(Bucket=bucket, Key=name)
    print(json.dumps({"body": obj["Body"].read().decode("utf-8"), "content_type": obj["ContentType"]}))


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(sys.argv[2])
    else:
        get(*sys.argv[2:7])
