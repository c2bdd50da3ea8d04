import Docker from 'dockerode';

/**
 * Integration tests need a real engine. When none answers they fail here, loudly, instead of
 * skipping: `npm test` starts one with scripts/docker-engine.sh first.
 */
export default async function setup(): Promise<void> {
  try {
    const version = await new Docker().version();
    console.log(`integration tests use Docker engine ${version.Version} (API ${version.ApiVersion})`);
  } catch (error) {
    throw new Error(
      `integration tests need a Docker engine and none answers at ${process.env.DOCKER_HOST || 'unix:///var/run/docker.sock'} ` +
        `(${(error as Error).message}); run scripts/docker-engine.sh or npm test`,
      { cause: error },
    );
  }
}
