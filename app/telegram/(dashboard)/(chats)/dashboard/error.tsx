"use client";

export { RouteError as default } from "@/components/dashboard/route-error";
