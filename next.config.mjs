/** @type {import('next').NextConfig} */
const nextConfig = {
  // ioredis and tinypool are server-only Node packages; keep them out of the bundler.
  serverExternalPackages: ['ioredis'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
