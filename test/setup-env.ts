// Tests never reach AWS: fake credentials and region, and no Node-version notice from the SDK.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDTEST';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test-secret';
