// asl-validator ships no types; only what the deploy tests call.
declare module 'asl-validator' {
  export default function validateAsl(definition: unknown): {
    isValid: boolean;
    errors: { message?: string; path?: string }[];
  };
}
