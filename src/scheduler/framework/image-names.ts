// Image references compared the way the scheduler's ImageLocality and the kubelet do: a reference
// without tag or digest means ":latest" (pkg/scheduler/framework/plugins/imagelocality normalizedImageName),
// and Docker Hub short names expand to docker.io/library/… as containerd stores them.

export function normalizedImageName(name: string): string {
  let ref = name.trim();
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.includes('@') && ref.lastIndexOf(':') <= lastSlash) ref += ':latest';
  const firstSlash = ref.indexOf('/');
  const firstPart = firstSlash < 0 ? '' : ref.slice(0, firstSlash);
  const hasRegistry = firstSlash >= 0 && (firstPart.includes('.') || firstPart.includes(':') || firstPart === 'localhost');
  if (!hasRegistry) ref = firstSlash < 0 ? `docker.io/library/${ref}` : `docker.io/${ref}`;
  return ref;
}
