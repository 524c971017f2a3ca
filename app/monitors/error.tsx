'use client';

export { PageError as default } from '@/ui/page-error';
